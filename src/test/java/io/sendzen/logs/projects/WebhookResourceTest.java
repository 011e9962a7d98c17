package io.sendzen.logs.projects;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static io.sendzen.logs.projects.Envelopes.assertInvalid;
import static io.sendzen.logs.projects.Envelopes.assertNotFound;
import static io.sendzen.logs.projects.Envelopes.problem;
import static io.sendzen.logs.support.Admin.addWebhook;
import static io.sendzen.logs.support.Admin.asAdmin;
import static io.sendzen.logs.support.Admin.createProject;
import static io.sendzen.logs.support.Admin.project;
import static io.sendzen.logs.support.Admin.uniqueId;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
class WebhookResourceTest {

    private static final String URL = "https://hooks.example.com/sendzen";
    private static final String SECRET = "whsec_[A-Za-z0-9+/]{43}=";
    private static final String NOT_HTTP = "must be an absolute http or https URL";
    private static final String UNKNOWN_TYPE = "unknown event type 'Bogus' (Incoming Message, Message Status, Other)";

    private static String webhooks(String projectId) {
        return project(projectId) + "/webhooks";
    }

    private static String webhook(String projectId, String webhookId) {
        return webhooks(projectId) + "/" + webhookId;
    }

    private static Response create(String projectId, String json) {
        return asAdmin(json).when().post(webhooks(projectId));
    }

    /** A URL of exactly {@code length} characters. */
    private static String urlOfLength(int length) {
        String prefix = "https://hooks.example.com/";
        return prefix + "a".repeat(length - prefix.length());
    }

    @Test
    void createdWebhookShowsItsSecret() {
        String id = createProject("wh-create");
        String secret = create(id, "{\"url\":\"" + URL + "\"}")
                .then().statusCode(201)
                .body("$", aMapWithSize(8))
                .body("health.consecutive_failures", equalTo(0))
                .body("id", matchesPattern("wh_[A-Za-z0-9_-]{16}"))
                .body("project_id", equalTo(id))
                .body("url", equalTo(URL))
                .body("event_types", nullValue())
                .body("enabled", equalTo(true))
                .body("created_at", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"))
                .body("secret", matchesPattern(SECRET))
                .extract().path("secret");
        assertEquals(32, Base64.getDecoder().decode(secret.substring("whsec_".length())).length);
    }

    @Test
    void webhookReadNeverShowsTheSecret() {
        String id = createProject("wh-read");
        String webhookId = addWebhook(id).id();
        asAdmin().when().get(webhook(id, webhookId))
                .then().statusCode(200)
                .body("id", equalTo(webhookId))
                .body("url", equalTo(URL))
                .body("$", not(hasKey("secret")));
    }

    @Test
    void webhookListNeverShowsTheSecret() {
        String id = createProject("wh-list");
        String webhookId = addWebhook(id).id();
        asAdmin().when().get(webhooks(id))
                .then().statusCode(200)
                .body("$", aMapWithSize(1))
                .body("data.id", contains(webhookId))
                .body("data[0]", not(hasKey("secret")));
    }

    @Test
    void webhookPatchNeverShowsTheSecret() {
        String id = createProject("wh-patchsecret");
        String webhookId = addWebhook(id).id();
        asAdmin("{\"enabled\":false}").when().patch(webhook(id, webhookId))
                .then().statusCode(200).body("$", not(hasKey("secret")));
    }

    @Test
    void newProjectHasNoWebhooks() {
        String id = createProject("wh-none");
        asAdmin().when().get(webhooks(id)).then().statusCode(200).body("data", empty());
    }

    @Test
    void everyWebhookGetsItsOwnSecret() {
        String id = createProject("wh-distinct");
        String first = create(id, "{\"url\":\"" + URL + "\"}").then().statusCode(201).extract().path("secret");
        String second = create(id, "{\"url\":\"" + URL + "\"}").then().statusCode(201).extract().path("secret");
        assertNotEquals(first, second);
    }

    @Test
    void rotatingGivesANewSecretShownOnce() {
        String id = createProject("wh-rotate");
        Response created = create(id, "{\"url\":\"" + URL + "\"}");
        String webhookId = created.path("id");
        String oldSecret = created.path("secret");
        String newSecret = asAdmin().when().post(webhook(id, webhookId) + "/rotate-secret")
                .then().statusCode(200)
                .body("id", equalTo(webhookId))
                .body("url", equalTo(URL))
                .body("secret", matchesPattern(SECRET))
                .extract().path("secret");
        assertNotEquals(oldSecret, newSecret);
        asAdmin().when().get(webhook(id, webhookId))
                .then().statusCode(200).body("$", not(hasKey("secret")));
    }

    @Test
    void rotatingTwiceGivesAnotherSecret() {
        String id = createProject("wh-rotate-twice");
        String webhookId = addWebhook(id).id();
        String first = asAdmin().when().post(webhook(id, webhookId) + "/rotate-secret").path("secret");
        String second = asAdmin().when().post(webhook(id, webhookId) + "/rotate-secret").path("secret");
        assertNotEquals(first, second);
    }

    @Test
    void webhookEventTypesAreStoredInTheirCanonicalSpelling() {
        String id = createProject("wh-types");
        String webhookId = create(id, "{\"url\":\"" + URL + "\",\"event_types\":[\"incoming message\",\" MESSAGE STATUS \"]}")
                .then().statusCode(201)
                .body("event_types", contains("Incoming Message", "Message Status"))
                .extract().path("id");
        asAdmin().when().get(webhook(id, webhookId))
                .then().body("event_types", contains("Incoming Message", "Message Status"));
    }

    @Test
    void webhookCanBeCreatedDisabled() {
        String id = createProject("wh-disabled");
        create(id, "{\"url\":\"" + URL + "\",\"enabled\":false}")
                .then().statusCode(201).body("enabled", equalTo(false));
    }

    @Test
    void plainHttpWebhookUrlIsAccepted() {
        String id = createProject("wh-http");
        create(id, "{\"url\":\"http://hooks.example.com:8080/in?x=1\"}").then().statusCode(201);
    }

    @Test
    void webhookUrlOf2048CharsIsAccepted() {
        String id = createProject("wh-2048");
        String url = urlOfLength(2048);
        create(id, "{\"url\":\"" + url + "\"}").then().statusCode(201).body("url", equalTo(url));
    }

    @Test
    void webhookUrlOver2048CharsIsRejected() {
        String id = createProject("wh-2049");
        assertInvalid(create(id, "{\"url\":\"" + urlOfLength(2049) + "\"}"),
                problem("url", "must be at most 2048 characters"));
    }

    @Test
    void ftpWebhookUrlIsRejected() {
        String id = createProject("wh-ftp");
        assertInvalid(create(id, "{\"url\":\"ftp://hooks.example.com/in\"}"), problem("url", NOT_HTTP));
    }

    @Test
    void relativeWebhookUrlIsRejected() {
        String id = createProject("wh-relative");
        assertInvalid(create(id, "{\"url\":\"/hooks/in\"}"), problem("url", NOT_HTTP));
    }

    @Test
    void webhookUrlWithoutHostIsRejected() {
        String id = createProject("wh-nohost");
        assertInvalid(create(id, "{\"url\":\"https:///hooks/in\"}"), problem("url", "must name a host"));
    }

    @Test
    void webhookUrlWithoutSlashesIsRejected() {
        String id = createProject("wh-opaque");
        assertInvalid(create(id, "{\"url\":\"https:hooks.example.com\"}"), problem("url", "must name a host"));
    }

    @Test
    void unparseableWebhookUrlIsRejected() {
        String id = createProject("wh-unparseable");
        assertInvalid(create(id, "{\"url\":\"https://hooks example.com/\"}"), problem("url", "is not a valid URL"));
    }

    @Test
    void webhookUrlWithCredentialsIsRejected() {
        String id = createProject("wh-userinfo");
        assertInvalid(create(id, "{\"url\":\"https://user:pass@hooks.example.com/\"}"),
                problem("url", "must not carry credentials"));
    }

    @Test
    void emptyWebhookUrlIsRejected() {
        String id = createProject("wh-emptyurl");
        assertInvalid(create(id, "{\"url\":\"\"}"), problem("url", NOT_HTTP));
    }

    @Test
    void missingWebhookUrlIsRejected() {
        String id = createProject("wh-nourl");
        assertInvalid(create(id, "{\"event_types\":[\"Other\"]}"), problem("url", "is required"));
    }

    @Test
    void numericWebhookUrlIsRejected() {
        String id = createProject("wh-numurl");
        assertInvalid(create(id, "{\"url\":42}"), problem("url", "must be a string"));
    }

    @Test
    void unknownEventTypeIsRejected() {
        String id = createProject("wh-badtype");
        assertInvalid(create(id, "{\"url\":\"" + URL + "\",\"event_types\":[\"Other\",\"Bogus\"]}"),
                problem("event_types", UNKNOWN_TYPE));
    }

    @Test
    void emptyEventTypesIsRejected() {
        String id = createProject("wh-notypes");
        assertInvalid(create(id, "{\"url\":\"" + URL + "\",\"event_types\":[]}"),
                problem("event_types", "must name at least one event type, or be left out for all"));
    }

    @Test
    void eventTypesAsAStringIsRejected() {
        String id = createProject("wh-typestring");
        assertInvalid(create(id, "{\"url\":\"" + URL + "\",\"event_types\":\"Other\"}"),
                problem("event_types", "must be an array"));
    }

    @Test
    void numericEventTypeIsRejected() {
        String id = createProject("wh-typenum");
        assertInvalid(create(id, "{\"url\":\"" + URL + "\",\"event_types\":[1]}"),
                problem("event_types[0]", "must be a string"));
    }

    @Test
    void stringEnabledOnWebhookIsRejected() {
        String id = createProject("wh-strenabled");
        assertInvalid(create(id, "{\"url\":\"" + URL + "\",\"enabled\":\"true\"}"),
                problem("enabled", "must be a boolean"));
    }

    @Test
    void webhookSecretCannotBeChosenByTheClient() {
        String id = createProject("wh-ownsecret");
        assertInvalid(create(id, "{\"url\":\"" + URL + "\",\"secret\":\"whsec_mine\"}"),
                problem("secret", "is not a known field"));
    }

    @Test
    void everyProblemOfAWebhookIsNamed() {
        String id = createProject("wh-all");
        assertInvalid(create(id, "{\"url\":\"ftp://x\",\"event_types\":[\"Bogus\"]}"),
                problem("url", NOT_HTTP), problem("event_types", UNKNOWN_TYPE));
    }

    @Test
    void webhookOnUnknownProjectIsNotFound() {
        assertNotFound(create(uniqueId("wh-missing"), "{\"url\":\"" + URL + "\"}"));
    }

    @Test
    void webhooksOfUnknownProjectIsNotFound() {
        assertNotFound(asAdmin().when().get(webhooks(uniqueId("wh-missing"))));
    }

    @Test
    void unknownWebhookIsNotFound() {
        String id = createProject("wh-unknown");
        assertNotFound(asAdmin().when().get(webhook(id, "wh_nothing")));
    }

    @Test
    void webhookOfAnotherProjectIsNotFound() {
        String owner = createProject("wh-owner");
        String webhookId = addWebhook(owner).id();
        String other = createProject("wh-other");
        assertNotFound(asAdmin().when().get(webhook(other, webhookId)));
        assertNotFound(asAdmin("{\"enabled\":false}").when().patch(webhook(other, webhookId)));
        assertNotFound(asAdmin().when().post(webhook(other, webhookId) + "/rotate-secret"));
        assertNotFound(asAdmin().when().delete(webhook(other, webhookId)));
        asAdmin().when().get(webhook(owner, webhookId)).then().statusCode(200).body("enabled", equalTo(true));
    }

    @Test
    void patchChangesUrlEventTypesAndEnabled() {
        String id = createProject("wh-patch");
        String webhookId = addWebhook(id).id();
        String newUrl = "https://other.example.com/in";
        asAdmin("{\"url\":\"" + newUrl + "\",\"event_types\":[\"message status\"],\"enabled\":false}")
                .when().patch(webhook(id, webhookId))
                .then().statusCode(200)
                .body("id", equalTo(webhookId))
                .body("url", equalTo(newUrl))
                .body("event_types", contains("Message Status"))
                .body("enabled", equalTo(false));
        asAdmin().when().get(webhook(id, webhookId))
                .then().statusCode(200)
                .body("url", equalTo(newUrl))
                .body("event_types", contains("Message Status"))
                .body("enabled", equalTo(false));
    }

    @Test
    void patchChangesOnlyTheGivenField() {
        String id = createProject("wh-patchone");
        String webhookId = create(id, "{\"url\":\"" + URL + "\",\"event_types\":[\"Other\"]}").path("id");
        asAdmin("{\"enabled\":false}").when().patch(webhook(id, webhookId))
                .then().statusCode(200)
                .body("url", equalTo(URL))
                .body("event_types", contains("Other"))
                .body("enabled", equalTo(false));
    }

    @Test
    void patchWithNullEventTypesSelectsEveryType() {
        String id = createProject("wh-patchall");
        String webhookId = create(id, "{\"url\":\"" + URL + "\",\"event_types\":[\"Other\"]}").path("id");
        asAdmin("{\"event_types\":null}").when().patch(webhook(id, webhookId))
                .then().statusCode(200).body("event_types", nullValue());
    }

    @Test
    void patchWithOverLongUrlIsRejected() {
        String id = createProject("wh-patchlong");
        String webhookId = addWebhook(id).id();
        assertInvalid(asAdmin("{\"url\":\"" + urlOfLength(2049) + "\"}").when().patch(webhook(id, webhookId)),
                problem("url", "must be at most 2048 characters"));
    }

    @Test
    void patchWithFtpUrlIsRejected() {
        String id = createProject("wh-patchftp");
        String webhookId = addWebhook(id).id();
        assertInvalid(asAdmin("{\"url\":\"ftp://hooks.example.com/\"}").when().patch(webhook(id, webhookId)),
                problem("url", NOT_HTTP));
    }

    @Test
    void patchWithNullUrlIsRejected() {
        String id = createProject("wh-patchnullurl");
        String webhookId = addWebhook(id).id();
        assertInvalid(asAdmin("{\"url\":null}").when().patch(webhook(id, webhookId)),
                problem("url", "must not be null"));
    }

    @Test
    void patchWithNumericUrlIsRejected() {
        String id = createProject("wh-patchnumurl");
        String webhookId = addWebhook(id).id();
        assertInvalid(asAdmin("{\"url\":7}").when().patch(webhook(id, webhookId)), problem("url", "must be a string"));
    }

    @Test
    void patchWithUnknownEventTypeIsRejected() {
        String id = createProject("wh-patchtype");
        String webhookId = addWebhook(id).id();
        assertInvalid(asAdmin("{\"event_types\":[\"Bogus\"]}").when().patch(webhook(id, webhookId)),
                problem("event_types", UNKNOWN_TYPE));
    }

    @Test
    void patchWithEventTypesAsAStringIsRejected() {
        String id = createProject("wh-patchtypestr");
        String webhookId = addWebhook(id).id();
        assertInvalid(asAdmin("{\"event_types\":\"Other\"}").when().patch(webhook(id, webhookId)),
                problem("event_types", "must be an array of strings"));
    }

    @Test
    void patchWithStringEnabledIsRejected() {
        String id = createProject("wh-patchstrenabled");
        String webhookId = addWebhook(id).id();
        assertInvalid(asAdmin("{\"enabled\":\"no\"}").when().patch(webhook(id, webhookId)),
                problem("enabled", "must be a boolean"));
    }

    @Test
    void patchWithNullEnabledIsRejected() {
        String id = createProject("wh-patchnullenabled");
        String webhookId = addWebhook(id).id();
        assertInvalid(asAdmin("{\"enabled\":null}").when().patch(webhook(id, webhookId)),
                problem("enabled", "must not be null"));
    }

    @Test
    void patchWithUnknownFieldIsRejected() {
        String id = createProject("wh-patchunknown");
        String webhookId = addWebhook(id).id();
        assertInvalid(asAdmin("{\"secret\":\"whsec_mine\"}").when().patch(webhook(id, webhookId)),
                problem("secret", "is not a known field"));
    }

    @Test
    void rejectedPatchChangesNothing() {
        String id = createProject("wh-patchatomic");
        String webhookId = addWebhook(id).id();
        asAdmin("{\"enabled\":false,\"url\":\"ftp://x\"}").when().patch(webhook(id, webhookId))
                .then().statusCode(400);
        asAdmin().when().get(webhook(id, webhookId))
                .then().body("enabled", equalTo(true)).body("url", equalTo(URL));
    }

    @Test
    void patchOfUnknownWebhookIsNotFound() {
        String id = createProject("wh-patchmissing");
        assertNotFound(asAdmin("{\"enabled\":false}").when().patch(webhook(id, "wh_nothing")));
    }

    @Test
    void rotatingAnUnknownWebhookIsNotFound() {
        String id = createProject("wh-rotatemissing");
        assertNotFound(asAdmin().when().post(webhook(id, "wh_nothing") + "/rotate-secret"));
    }

    @Test
    void webhookIsDeleted() {
        String id = createProject("wh-delete");
        String webhookId = addWebhook(id).id();
        asAdmin().when().delete(webhook(id, webhookId))
                .then().statusCode(204).body(emptyString());
        assertNotFound(asAdmin().when().get(webhook(id, webhookId)));
        asAdmin().when().get(webhooks(id)).then().body("data", empty());
    }

    @Test
    void deletingAWebhookTwiceIsNotFound() {
        String id = createProject("wh-delete-twice");
        String webhookId = addWebhook(id).id();
        asAdmin().when().delete(webhook(id, webhookId)).then().statusCode(204);
        assertNotFound(asAdmin().when().delete(webhook(id, webhookId)));
    }

    @Test
    void deletingAProjectDeletesItsWebhooks() {
        String id = createProject("wh-cascade");
        addWebhook(id).id();
        asAdmin().when().delete(project(id)).then().statusCode(204);
        assertNotFound(asAdmin().when().get(webhooks(id)));
    }
}
