package io.sendzen.logs.projects;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.sendzen.logs.projects.Envelopes.assertConflict;
import static io.sendzen.logs.projects.Envelopes.assertInvalid;
import static io.sendzen.logs.projects.Envelopes.assertNotFound;
import static io.sendzen.logs.projects.Envelopes.problem;
import static io.sendzen.logs.support.Admin.addWaba;
import static io.sendzen.logs.support.Admin.asAdmin;
import static io.sendzen.logs.support.Admin.createProject;
import static io.sendzen.logs.support.Admin.project;
import static io.sendzen.logs.support.Admin.uniqueId;
import static io.sendzen.logs.support.Admin.uniqueMetaId;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

@QuarkusTest
class WabaResourceTest {

    private static String wabas(String projectId) {
        return project(projectId) + "/wabas";
    }

    @Test
    void wabaIsAddedAndListed() {
        String id = createProject("waba-add");
        String wabaId = uniqueMetaId();
        asAdmin("{\"waba_id\":\"" + wabaId + "\"}")
                .when().post(wabas(id))
                .then().statusCode(201)
                .body("$", aMapWithSize(3))
                .body("waba_id", equalTo(wabaId))
                .body("project_id", equalTo(id))
                .body("created_at", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"));
        asAdmin().when().get(wabas(id))
                .then().statusCode(200)
                .body("$", aMapWithSize(1))
                .body("data.waba_id", contains(wabaId));
    }

    @Test
    void newProjectHasNoWabas() {
        String id = createProject("waba-none");
        asAdmin().when().get(wabas(id)).then().statusCode(200).body("data", empty());
    }

    @Test
    void wabaIsRemoved() {
        String id = createProject("waba-remove");
        String wabaId = addWaba(id);
        asAdmin().when().delete(wabas(id) + "/" + wabaId)
                .then().statusCode(204).body(emptyString());
        asAdmin().when().get(wabas(id)).then().statusCode(200).body("data", empty());
    }

    @Test
    void removingAWabaTwiceIsNotFound() {
        String id = createProject("waba-remove-twice");
        String wabaId = addWaba(id);
        asAdmin().when().delete(wabas(id) + "/" + wabaId).then().statusCode(204);
        assertNotFound(asAdmin().when().delete(wabas(id) + "/" + wabaId));
    }

    @Test
    void removedWabaCanBeRegisteredByAnotherProject() {
        String first = createProject("waba-move");
        String wabaId = addWaba(first);
        asAdmin().when().delete(wabas(first) + "/" + wabaId).then().statusCode(204);
        String second = createProject("waba-move");
        asAdmin("{\"waba_id\":\"" + wabaId + "\"}").when().post(wabas(second))
                .then().statusCode(201).body("project_id", equalTo(second));
    }

    @Test
    void wabaOwnedByAnotherProjectIsConflict() {
        String owner = createProject("waba-owner");
        String wabaId = addWaba(owner);
        String other = createProject("waba-other");
        assertConflict(asAdmin("{\"waba_id\":\"" + wabaId + "\"}").when().post(wabas(other)),
                problem("waba_id", "is registered to another project"));
        asAdmin().when().get(wabas(other)).then().body("data", empty());
        asAdmin().when().get(wabas(owner)).then().body("data.waba_id", contains(wabaId));
    }

    @Test
    void wabaRegisteredThroughAPhoneNumberIsConflictForAnotherProject() {
        String owner = createProject("waba-viaphone");
        String wabaId = uniqueMetaId();
        asAdmin("{\"phone_number_id\":\"" + uniqueMetaId() + "\",\"waba_id\":\"" + wabaId + "\"}")
                .when().post(project(owner) + "/phone-numbers").then().statusCode(201);
        String other = createProject("waba-viaphone-other");
        assertConflict(asAdmin("{\"waba_id\":\"" + wabaId + "\"}").when().post(wabas(other)),
                problem("waba_id", "is registered to another project"));
    }

    @Test
    void wabaRegisteredTwiceToTheSameProjectIsConflict() {
        String id = createProject("waba-twice");
        String wabaId = addWaba(id);
        assertConflict(asAdmin("{\"waba_id\":\"" + wabaId + "\"}").when().post(wabas(id)),
                problem("waba_id", "is already registered to this project"));
    }

    @Test
    void removingAWabaOfAnotherProjectIsNotFound() {
        String owner = createProject("waba-keep");
        String wabaId = addWaba(owner);
        String other = createProject("waba-thief");
        assertNotFound(asAdmin().when().delete(wabas(other) + "/" + wabaId));
        asAdmin().when().get(wabas(owner)).then().body("data.waba_id", contains(wabaId));
    }

    @Test
    void removingAnUnknownWabaIsNotFound() {
        String id = createProject("waba-unknown");
        assertNotFound(asAdmin().when().delete(wabas(id) + "/" + uniqueMetaId()));
    }

    @Test
    void wabaOnUnknownProjectIsNotFound() {
        assertNotFound(asAdmin("{\"waba_id\":\"" + uniqueMetaId() + "\"}").when().post(wabas(uniqueId("waba-missing"))));
    }

    @Test
    void wabasOfUnknownProjectIsNotFound() {
        assertNotFound(asAdmin().when().get(wabas(uniqueId("waba-missing"))));
    }

    @Test
    void removingAWabaFromUnknownProjectIsNotFound() {
        assertNotFound(asAdmin().when().delete(wabas(uniqueId("waba-missing")) + "/" + uniqueMetaId()));
    }

    @Test
    void missingWabaIdIsRejected() {
        String id = createProject("waba-noid");
        assertInvalid(asAdmin("{}").when().post(wabas(id)), problem("waba_id", "is required"));
    }

    @Test
    void nullWabaIdIsRejected() {
        String id = createProject("waba-nullid");
        assertInvalid(asAdmin("{\"waba_id\":null}").when().post(wabas(id)), problem("waba_id", "is required"));
    }

    @Test
    void numericWabaIdIsRejected() {
        String id = createProject("waba-numeric");
        assertInvalid(asAdmin("{\"waba_id\":102290129340398}").when().post(wabas(id)),
                problem("waba_id", "must be a string"));
    }

    @Test
    void wabaIdWithLettersIsRejected() {
        String id = createProject("waba-letters");
        assertInvalid(asAdmin("{\"waba_id\":\"waba-1\"}").when().post(wabas(id)),
                problem("waba_id", "must be Meta's numeric id, 1 to 32 digits"));
    }

    @Test
    void unknownFieldOnWabaIsRejected() {
        String id = createProject("waba-unknownfield");
        assertInvalid(asAdmin("{\"waba_id\":\"" + uniqueMetaId() + "\",\"name\":\"x\"}").when().post(wabas(id)),
                problem("name", "is not a known field"));
    }
}
