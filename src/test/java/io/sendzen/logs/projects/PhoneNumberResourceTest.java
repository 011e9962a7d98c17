package io.sendzen.logs.projects;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.sendzen.logs.projects.Envelopes.assertConflict;
import static io.sendzen.logs.projects.Envelopes.assertInvalid;
import static io.sendzen.logs.projects.Envelopes.assertNotFound;
import static io.sendzen.logs.projects.Envelopes.problem;
import static io.sendzen.logs.support.Admin.addPhoneNumber;
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
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class PhoneNumberResourceTest {

    private static final String META_ID_PROBLEM = "must be Meta's numeric id, 1 to 32 digits";

    private static String phoneNumbers(String projectId) {
        return project(projectId) + "/phone-numbers";
    }

    @Test
    void phoneNumberIsAddedAndListed() {
        String id = createProject("pn-add");
        String phoneNumberId = uniqueMetaId();
        String wabaId = uniqueMetaId();
        asAdmin("{\"phone_number_id\":\"" + phoneNumberId + "\",\"waba_id\":\"" + wabaId
                + "\",\"display_phone_number\":\"+1 555 0100\"}")
                .when().post(phoneNumbers(id))
                .then().statusCode(201)
                .body("$", aMapWithSize(6))
                .body("phone_number_id", equalTo(phoneNumberId))
                .body("project_id", equalTo(id))
                .body("waba_id", equalTo(wabaId))
                .body("display_phone_number", equalTo("+1 555 0100"))
                .body("created_at", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"));
        asAdmin().when().get(phoneNumbers(id))
                .then().statusCode(200)
                .body("$", aMapWithSize(1))
                .body("data.phone_number_id", contains(phoneNumberId))
                .body("data[0].waba_id", equalTo(wabaId))
                .body("data[0].display_phone_number", equalTo("+1 555 0100"));
    }

    @Test
    void phoneNumberWithOnlyItsIdIsAccepted() {
        String id = createProject("pn-minimal");
        String phoneNumberId = uniqueMetaId();
        asAdmin("{\"phone_number_id\":\"" + phoneNumberId + "\"}")
                .when().post(phoneNumbers(id))
                .then().statusCode(201)
                .body("phone_number_id", equalTo(phoneNumberId))
                .body("waba_id", nullValue())
                .body("display_phone_number", nullValue());
        asAdmin().when().get(project(id) + "/wabas").then().statusCode(200).body("data", empty());
    }

    @Test
    void newProjectHasNoPhoneNumbers() {
        String id = createProject("pn-none");
        asAdmin().when().get(phoneNumbers(id)).then().statusCode(200).body("data", empty());
    }

    @Test
    void phoneNumberWabaIsRegisteredAsWaba() {
        String id = createProject("pn-waba");
        String wabaId = uniqueMetaId();
        asAdmin("{\"phone_number_id\":\"" + uniqueMetaId() + "\",\"waba_id\":\"" + wabaId + "\"}")
                .when().post(phoneNumbers(id)).then().statusCode(201);
        asAdmin().when().get(project(id) + "/wabas")
                .then().statusCode(200)
                .body("data.waba_id", contains(wabaId))
                .body("data[0].project_id", equalTo(id));
    }

    @Test
    void phoneNumbersMayShareAWabaOfTheirProject() {
        String id = createProject("pn-share");
        String wabaId = addWaba(id);
        for (int i = 0; i < 2; i++) {
            asAdmin("{\"phone_number_id\":\"" + uniqueMetaId() + "\",\"waba_id\":\"" + wabaId + "\"}")
                    .when().post(phoneNumbers(id)).then().statusCode(201);
        }
        asAdmin().when().get(project(id) + "/wabas").then().body("data.waba_id", contains(wabaId));
        asAdmin().when().get(phoneNumbers(id)).then().body("data.waba_id", contains(wabaId, wabaId));
    }

    @Test
    void phoneNumberIsRemoved() {
        String id = createProject("pn-remove");
        String phoneNumberId = addPhoneNumber(id);
        asAdmin().when().delete(phoneNumbers(id) + "/" + phoneNumberId)
                .then().statusCode(204).body(emptyString());
        asAdmin().when().get(phoneNumbers(id)).then().statusCode(200).body("data", empty());
    }

    @Test
    void removingAPhoneNumberTwiceIsNotFound() {
        String id = createProject("pn-remove-twice");
        String phoneNumberId = addPhoneNumber(id);
        asAdmin().when().delete(phoneNumbers(id) + "/" + phoneNumberId).then().statusCode(204);
        assertNotFound(asAdmin().when().delete(phoneNumbers(id) + "/" + phoneNumberId));
    }

    @Test
    void removedPhoneNumberCanBeRegisteredByAnotherProject() {
        String first = createProject("pn-move");
        String phoneNumberId = addPhoneNumber(first);
        asAdmin().when().delete(phoneNumbers(first) + "/" + phoneNumberId).then().statusCode(204);
        String second = createProject("pn-move");
        asAdmin("{\"phone_number_id\":\"" + phoneNumberId + "\"}")
                .when().post(phoneNumbers(second))
                .then().statusCode(201).body("project_id", equalTo(second));
    }

    @Test
    void phoneNumberOwnedByAnotherProjectIsConflict() {
        String owner = createProject("pn-owner");
        String phoneNumberId = addPhoneNumber(owner);
        String other = createProject("pn-other");
        assertConflict(asAdmin("{\"phone_number_id\":\"" + phoneNumberId + "\"}").when().post(phoneNumbers(other)),
                problem("phone_number_id", "is registered to another project"));
        asAdmin().when().get(phoneNumbers(other)).then().body("data", empty());
        asAdmin().when().get(phoneNumbers(owner)).then().body("data.phone_number_id", contains(phoneNumberId));
    }

    @Test
    void phoneNumberRegisteredTwiceToTheSameProjectIsConflict() {
        String id = createProject("pn-twice");
        String phoneNumberId = addPhoneNumber(id);
        assertConflict(asAdmin("{\"phone_number_id\":\"" + phoneNumberId + "\"}").when().post(phoneNumbers(id)),
                problem("phone_number_id", "is already registered to this project"));
    }

    @Test
    void phoneNumberWhoseWabaIsOwnedByAnotherProjectIsConflict() {
        String owner = createProject("pn-wabaowner");
        String wabaId = addWaba(owner);
        String other = createProject("pn-wabaother");
        String phoneNumberId = uniqueMetaId();
        assertConflict(asAdmin("{\"phone_number_id\":\"" + phoneNumberId + "\",\"waba_id\":\"" + wabaId + "\"}")
                        .when().post(phoneNumbers(other)),
                problem("waba_id", "is registered to another project"));
        asAdmin().when().get(phoneNumbers(other)).then().body("data", empty());
        asAdmin().when().get(project(other) + "/wabas").then().body("data", empty());
    }

    @Test
    void removingAPhoneNumberOfAnotherProjectIsNotFound() {
        String owner = createProject("pn-keep");
        String phoneNumberId = addPhoneNumber(owner);
        String other = createProject("pn-thief");
        assertNotFound(asAdmin().when().delete(phoneNumbers(other) + "/" + phoneNumberId));
        asAdmin().when().get(phoneNumbers(owner)).then().body("data.phone_number_id", contains(phoneNumberId));
    }

    @Test
    void removingAnUnknownPhoneNumberIsNotFound() {
        String id = createProject("pn-unknown");
        assertNotFound(asAdmin().when().delete(phoneNumbers(id) + "/" + uniqueMetaId()));
    }

    @Test
    void phoneNumberOnUnknownProjectIsNotFound() {
        assertNotFound(asAdmin("{\"phone_number_id\":\"" + uniqueMetaId() + "\"}")
                .when().post(phoneNumbers(uniqueId("pn-missing"))));
    }

    @Test
    void phoneNumbersOfUnknownProjectIsNotFound() {
        assertNotFound(asAdmin().when().get(phoneNumbers(uniqueId("pn-missing"))));
    }

    @Test
    void removingAPhoneNumberFromUnknownProjectIsNotFound() {
        assertNotFound(asAdmin().when().delete(phoneNumbers(uniqueId("pn-missing")) + "/" + uniqueMetaId()));
    }

    @Test
    void missingPhoneNumberIdIsRejected() {
        String id = createProject("pn-noid");
        assertInvalid(asAdmin("{\"waba_id\":\"" + uniqueMetaId() + "\"}").when().post(phoneNumbers(id)),
                problem("phone_number_id", "is required"));
    }

    @Test
    void numericPhoneNumberIdIsRejected() {
        String id = createProject("pn-numeric");
        assertInvalid(asAdmin("{\"phone_number_id\":123456789012345}").when().post(phoneNumbers(id)),
                problem("phone_number_id", "must be a string"));
    }

    @Test
    void phoneNumberIdWithLettersIsRejected() {
        String id = createProject("pn-letters");
        assertInvalid(asAdmin("{\"phone_number_id\":\"12ab\"}").when().post(phoneNumbers(id)),
                problem("phone_number_id", META_ID_PROBLEM));
    }

    @Test
    void phoneNumberIdOver32DigitsIsRejected() {
        String id = createProject("pn-long");
        assertInvalid(asAdmin("{\"phone_number_id\":\"" + "1".repeat(33) + "\"}").when().post(phoneNumbers(id)),
                problem("phone_number_id", META_ID_PROBLEM));
    }

    @Test
    void wabaIdWithLettersIsRejected() {
        String id = createProject("pn-badwaba");
        assertInvalid(asAdmin("{\"phone_number_id\":\"" + uniqueMetaId() + "\",\"waba_id\":\"waba\"}")
                        .when().post(phoneNumbers(id)),
                problem("waba_id", META_ID_PROBLEM));
    }

    @Test
    void numericWabaIdOnPhoneNumberIsRejected() {
        String id = createProject("pn-numwaba");
        assertInvalid(asAdmin("{\"phone_number_id\":\"" + uniqueMetaId() + "\",\"waba_id\":42}")
                        .when().post(phoneNumbers(id)),
                problem("waba_id", "must be a string"));
    }

    @Test
    void displayPhoneNumberOver32CharsIsRejected() {
        String id = createProject("pn-display");
        assertInvalid(asAdmin("{\"phone_number_id\":\"" + uniqueMetaId() + "\",\"display_phone_number\":\""
                        + "1".repeat(33) + "\"}").when().post(phoneNumbers(id)),
                problem("display_phone_number", "must be at most 32 characters"));
    }

    @Test
    void numericDisplayPhoneNumberIsRejected() {
        String id = createProject("pn-numdisplay");
        assertInvalid(asAdmin("{\"phone_number_id\":\"" + uniqueMetaId() + "\",\"display_phone_number\":15550100}")
                        .when().post(phoneNumbers(id)),
                problem("display_phone_number", "must be a string"));
    }

    @Test
    void unknownFieldOnPhoneNumberIsRejected() {
        String id = createProject("pn-unknownfield");
        assertInvalid(asAdmin("{\"phone_number_id\":\"" + uniqueMetaId() + "\",\"verified\":true}")
                        .when().post(phoneNumbers(id)),
                problem("verified", "is not a known field"));
    }

    @Test
    void everyProblemOfAPhoneNumberIsNamed() {
        String id = createProject("pn-all");
        assertInvalid(asAdmin("{\"phone_number_id\":\"x\",\"waba_id\":\"y\",\"display_phone_number\":\""
                        + "1".repeat(33) + "\"}").when().post(phoneNumbers(id)),
                problem("phone_number_id", META_ID_PROBLEM),
                problem("waba_id", META_ID_PROBLEM),
                problem("display_phone_number", "must be at most 32 characters"));
    }
}
