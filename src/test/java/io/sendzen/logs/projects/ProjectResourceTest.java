package io.sendzen.logs.projects;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.sendzen.logs.projects.Envelopes.assertConflict;
import static io.sendzen.logs.projects.Envelopes.assertInvalid;
import static io.sendzen.logs.projects.Envelopes.assertInvalidParameters;
import static io.sendzen.logs.projects.Envelopes.assertNotFound;
import static io.sendzen.logs.projects.Envelopes.problem;
import static io.sendzen.logs.support.Admin.PROJECTS;
import static io.sendzen.logs.support.Admin.addPhoneNumber;
import static io.sendzen.logs.support.Admin.addWaba;
import static io.sendzen.logs.support.Admin.asAdmin;
import static io.sendzen.logs.support.Admin.createProject;
import static io.sendzen.logs.support.Admin.project;
import static io.sendzen.logs.support.Admin.uniqueId;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ProjectResourceTest {

    private static final String RETENTION_PROBLEM = "must be between 1 and 36500, or null to keep entries";

    @Test
    void createdProjectCanBeReadBack() {
        String id = uniqueId("p-create");
        asAdmin("{\"id\":\"" + id + "\",\"name\":\"Acme\"}")
                .when().post(PROJECTS)
                .then().statusCode(201)
                .body("$", aMapWithSize(5))
                .body("id", equalTo(id))
                .body("name", equalTo("Acme"))
                .body("enabled", equalTo(true))
                .body("retention_days", nullValue())
                .body("created_at", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"));
        asAdmin().when().get(project(id))
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo("Acme"))
                .body("enabled", equalTo(true));
    }

    @Test
    void createdProjectIsListedUnderData() {
        String first = createProject("p-list");
        String second = createProject("p-list");
        // the list pages: data, and next_page_token while more follow
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            var request = asAdmin().queryParam("pageSize", 100);
            if (token != null) {
                request.queryParam("nextPageToken", token);
            }
            JsonPath page = request.when().get(PROJECTS)
                    .then().statusCode(200)
                    .body("data", notNullValue())
                    .extract().jsonPath();
            ids.addAll(page.getList("data.id"));
            token = page.getString("next_page_token");
            assertThat(page.getMap("$").keySet(), equalTo(token == null ? Set.of("data") : Set.of("data", "next_page_token")));
        } while (token != null);
        assertThat(ids, hasItems(first, second));
    }

    @Test
    void projectWithoutIdGetsGeneratedDigits() {
        asAdmin("{\"name\":\"No id\"}")
                .when().post(PROJECTS)
                .then().statusCode(201).body("id", matchesPattern("[0-9]{10}"));
    }

    @Test
    void projectCanBeCreatedDisabledWithRetention() {
        String id = uniqueId("p-options");
        asAdmin("{\"id\":\"" + id + "\",\"name\":\"Options\",\"enabled\":false,\"retention_days\":30}")
                .when().post(PROJECTS)
                .then().statusCode(201)
                .body("enabled", equalTo(false))
                .body("retention_days", equalTo(30));
        asAdmin().when().get(project(id))
                .then().statusCode(200)
                .body("enabled", equalTo(false))
                .body("retention_days", equalTo(30));
    }

    @Test
    void projectNameIsTrimmed() {
        String id = uniqueId("p-trim");
        asAdmin("{\"id\":\"" + id + "\",\"name\":\"  Spaced  \"}")
                .when().post(PROJECTS)
                .then().statusCode(201).body("name", equalTo("Spaced"));
    }

    @Test
    void projectNameOf200CharsIsAccepted() {
        asAdmin("{\"id\":\"" + uniqueId("p-name200") + "\",\"name\":\"" + "n".repeat(200) + "\"}")
                .when().post(PROJECTS)
                .then().statusCode(201);
    }

    @Test
    void duplicateProjectIdIsConflict() {
        String body = "{\"id\":\"" + uniqueId("p-dup") + "\",\"name\":\"One\"}";
        asAdmin(body).when().post(PROJECTS).then().statusCode(201);
        assertConflict(asAdmin(body).when().post(PROJECTS),
                problem("id", "a project with this id already exists"));
    }

    @Test
    void projectWithoutNameIsRejected() {
        assertInvalid(asAdmin("{\"id\":\"" + uniqueId("p-noname") + "\"}").when().post(PROJECTS),
                problem("name", "is required"));
    }

    @Test
    void blankProjectNameIsRejected() {
        assertInvalid(asAdmin("{\"id\":\"" + uniqueId("p-blank") + "\",\"name\":\"   \"}").when().post(PROJECTS),
                problem("name", "is required"));
    }

    @Test
    void nullProjectNameIsRejected() {
        assertInvalid(asAdmin("{\"id\":\"" + uniqueId("p-nullname") + "\",\"name\":null}").when().post(PROJECTS),
                problem("name", "is required"));
    }

    @Test
    void projectNameOver200CharsIsRejected() {
        assertInvalid(asAdmin("{\"name\":\"" + "n".repeat(201) + "\"}").when().post(PROJECTS),
                problem("name", "must be at most 200 characters"));
    }

    @Test
    void projectIdWithInvalidCharactersIsRejected() {
        assertInvalidParameters(asAdmin("{\"id\":\"bad id!\",\"name\":\"x\"}").when().post(PROJECTS), "id");
    }

    @Test
    void projectIdStartingWithPunctuationIsRejected() {
        assertInvalidParameters(asAdmin("{\"id\":\"-leading\",\"name\":\"x\"}").when().post(PROJECTS), "id");
    }

    @Test
    void projectIdOver64CharsIsRejected() {
        assertInvalidParameters(asAdmin("{\"id\":\"" + "a".repeat(65) + "\",\"name\":\"x\"}").when().post(PROJECTS),
                "id");
    }

    @Test
    void emptyProjectIdIsRejected() {
        assertInvalidParameters(asAdmin("{\"id\":\"\",\"name\":\"x\"}").when().post(PROJECTS), "id");
    }

    @Test
    void numericProjectIdIsRejected() {
        assertInvalid(asAdmin("{\"id\":123,\"name\":\"x\"}").when().post(PROJECTS),
                problem("id", "must be a string"));
    }

    @Test
    void numericProjectNameIsRejected() {
        assertInvalid(asAdmin("{\"name\":5}").when().post(PROJECTS), problem("name", "must be a string"));
    }

    @Test
    void booleanProjectNameIsRejected() {
        assertInvalid(asAdmin("{\"name\":true}").when().post(PROJECTS), problem("name", "must be a string"));
    }

    @Test
    void stringEnabledIsRejected() {
        assertInvalid(asAdmin("{\"name\":\"x\",\"enabled\":\"yes\"}").when().post(PROJECTS),
                problem("enabled", "must be a boolean"));
    }

    @Test
    void numericEnabledIsRejected() {
        assertInvalid(asAdmin("{\"name\":\"x\",\"enabled\":1}").when().post(PROJECTS),
                problem("enabled", "must be a boolean"));
    }

    @Test
    void stringRetentionDaysIsRejected() {
        assertInvalid(asAdmin("{\"name\":\"x\",\"retention_days\":\"30\"}").when().post(PROJECTS),
                problem("retention_days", "must be an integer"));
    }

    @Test
    void fractionalRetentionDaysIsRejected() {
        assertInvalid(asAdmin("{\"name\":\"x\",\"retention_days\":30.5}").when().post(PROJECTS),
                problem("retention_days", "must be an integer"));
    }

    @Test
    void retentionDaysZeroIsRejected() {
        assertInvalid(asAdmin("{\"name\":\"x\",\"retention_days\":0}").when().post(PROJECTS),
                problem("retention_days", RETENTION_PROBLEM));
    }

    @Test
    void retentionDaysAbove36500IsRejected() {
        assertInvalid(asAdmin("{\"name\":\"x\",\"retention_days\":36501}").when().post(PROJECTS),
                problem("retention_days", RETENTION_PROBLEM));
    }

    @Test
    void unknownFieldOnCreateIsRejected() {
        assertInvalid(asAdmin("{\"name\":\"x\",\"colour\":\"red\"}").when().post(PROJECTS),
                problem("colour", "is not a known field"));
    }

    @Test
    void everyProblemOfACreateIsNamed() {
        assertInvalidParameters(asAdmin("{\"id\":\"bad id!\",\"name\":\"\",\"retention_days\":0}").when().post(PROJECTS),
                "id", "name", "retention_days");
    }

    @Test
    void rejectedCreateStoresNothing() {
        String id = uniqueId("p-rejected");
        asAdmin("{\"id\":\"" + id + "\",\"name\":\"x\",\"retention_days\":0}").when().post(PROJECTS)
                .then().statusCode(400);
        assertNotFound(asAdmin().when().get(project(id)));
    }

    @Test
    void unknownProjectIsNotFound() {
        assertNotFound(asAdmin().when().get(project(uniqueId("p-missing"))));
    }

    @Test
    void patchChangesOnlyTheGivenField() {
        String id = uniqueId("p-patch");
        asAdmin("{\"id\":\"" + id + "\",\"name\":\"Before\",\"retention_days\":10}").when().post(PROJECTS)
                .then().statusCode(201);
        asAdmin("{\"name\":\"After\"}").when().patch(project(id))
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo("After"))
                .body("enabled", equalTo(true))
                .body("retention_days", equalTo(10));
        asAdmin().when().get(project(id))
                .then().statusCode(200)
                .body("name", equalTo("After"))
                .body("retention_days", equalTo(10));
    }

    @Test
    void patchDisablesAndEnablesProject() {
        String id = createProject("p-toggle");
        asAdmin("{\"enabled\":false}").when().patch(project(id))
                .then().statusCode(200).body("enabled", equalTo(false));
        asAdmin().when().get(project(id)).then().body("enabled", equalTo(false));
        asAdmin("{\"enabled\":true}").when().patch(project(id))
                .then().statusCode(200).body("enabled", equalTo(true));
    }

    @Test
    void patchSetsAndClearsRetentionDays() {
        String id = createProject("p-retention");
        asAdmin("{\"retention_days\":7}").when().patch(project(id))
                .then().statusCode(200).body("retention_days", equalTo(7));
        asAdmin("{\"retention_days\":null}").when().patch(project(id))
                .then().statusCode(200).body("retention_days", nullValue());
        asAdmin().when().get(project(id)).then().body("retention_days", nullValue());
    }

    @Test
    void emptyPatchChangesNothing() {
        String id = createProject("p-emptypatch");
        asAdmin("{}").when().patch(project(id))
                .then().statusCode(200)
                .body("name", equalTo("Project " + id))
                .body("enabled", equalTo(true));
    }

    @Test
    void patchWithUnknownFieldIsRejected() {
        String id = createProject("p-patchunknown");
        assertInvalid(asAdmin("{\"colour\":\"red\"}").when().patch(project(id)),
                problem("colour", "is not a known field"));
    }

    @Test
    void patchCannotChangeTheId() {
        String id = createProject("p-patchid");
        assertInvalid(asAdmin("{\"id\":\"other\"}").when().patch(project(id)),
                problem("id", "is not a known field"));
    }

    @Test
    void patchWithNullNameIsRejected() {
        String id = createProject("p-patchnullname");
        assertInvalid(asAdmin("{\"name\":null}").when().patch(project(id)), problem("name", "must not be null"));
    }

    @Test
    void patchWithBlankNameIsRejected() {
        String id = createProject("p-patchblank");
        assertInvalid(asAdmin("{\"name\":\" \"}").when().patch(project(id)), problem("name", "is required"));
    }

    @Test
    void patchWithNumericNameIsRejected() {
        String id = createProject("p-patchnumname");
        assertInvalid(asAdmin("{\"name\":42}").when().patch(project(id)), problem("name", "must be a string"));
    }

    @Test
    void patchWithStringEnabledIsRejected() {
        String id = createProject("p-patchstrenabled");
        assertInvalid(asAdmin("{\"enabled\":\"false\"}").when().patch(project(id)),
                problem("enabled", "must be a boolean"));
    }

    @Test
    void patchWithNullEnabledIsRejected() {
        String id = createProject("p-patchnullenabled");
        assertInvalid(asAdmin("{\"enabled\":null}").when().patch(project(id)),
                problem("enabled", "must not be null"));
    }

    @Test
    void patchWithStringRetentionDaysIsRejected() {
        String id = createProject("p-patchstrret");
        assertInvalid(asAdmin("{\"retention_days\":\"7\"}").when().patch(project(id)),
                problem("retention_days", "must be an integer"));
    }

    @Test
    void patchWithRetentionDaysZeroIsRejected() {
        String id = createProject("p-patchret0");
        assertInvalid(asAdmin("{\"retention_days\":0}").when().patch(project(id)),
                problem("retention_days", RETENTION_PROBLEM));
    }

    @Test
    void rejectedPatchChangesNothing() {
        String id = createProject("p-patchatomic");
        asAdmin("{\"name\":\"Changed\",\"retention_days\":0}").when().patch(project(id)).then().statusCode(400);
        asAdmin().when().get(project(id)).then().body("name", equalTo("Project " + id));
    }

    @Test
    void patchOfUnknownProjectIsNotFound() {
        assertNotFound(asAdmin("{\"name\":\"x\"}").when().patch(project(uniqueId("p-missing"))));
    }

    @Test
    void deletedProjectIsGone() {
        String id = createProject("p-delete");
        asAdmin().when().delete(project(id))
                .then().statusCode(204).body(emptyString());
        assertNotFound(asAdmin().when().get(project(id)));
        asAdmin().when().get(PROJECTS).then().body("data.id", not(hasItem(id)));
    }

    @Test
    void deletingAProjectTwiceIsNotFound() {
        String id = createProject("p-delete-twice");
        asAdmin().when().delete(project(id)).then().statusCode(204);
        assertNotFound(asAdmin().when().delete(project(id)));
    }

    @Test
    void deleteOfUnknownProjectIsNotFound() {
        assertNotFound(asAdmin().when().delete(project(uniqueId("p-missing"))));
    }

    @Test
    void deletingAProjectReleasesItsPhoneNumbersAndWabas() {
        String first = createProject("p-release");
        String phoneNumberId = addPhoneNumber(first);
        String wabaId = addWaba(first);
        asAdmin().when().delete(project(first)).then().statusCode(204);
        String second = createProject("p-release");
        asAdmin("{\"phone_number_id\":\"" + phoneNumberId + "\"}")
                .when().post(project(second) + "/phone-numbers").then().statusCode(201);
        asAdmin("{\"waba_id\":\"" + wabaId + "\"}")
                .when().post(project(second) + "/wabas").then().statusCode(201);
    }

    @Test
    void deletedProjectIdCanBeCreatedAgain() {
        String id = createProject("p-recreate");
        asAdmin().when().delete(project(id)).then().statusCode(204);
        asAdmin("{\"id\":\"" + id + "\",\"name\":\"Again\"}").when().post(PROJECTS)
                .then().statusCode(201).body("name", equalTo("Again"));
    }
}
