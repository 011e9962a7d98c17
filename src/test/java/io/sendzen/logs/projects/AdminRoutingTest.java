package io.sendzen.logs.projects;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.sendzen.logs.projects.Envelopes.METHOD_NOT_ALLOWED;
import static io.sendzen.logs.projects.Envelopes.assertBody;
import static io.sendzen.logs.projects.Envelopes.assertNotFound;
import static io.sendzen.logs.support.Admin.PROJECTS;
import static io.sendzen.logs.support.Admin.addWebhook;
import static io.sendzen.logs.support.Admin.asAdmin;
import static io.sendzen.logs.support.Admin.createProject;
import static io.sendzen.logs.support.Admin.project;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Paths and methods the API does not have are answered in the error envelope too; a 405 names the methods the path
 * takes in {@code Allow}.
 */
@QuarkusTest
class AdminRoutingTest {

    private static void assertMethodNotAllowed(Response response, String allow) {
        assertBody(response, 405, METHOD_NOT_ALLOWED);
        assertEquals(allow, response.header("Allow"));
    }

    @Test
    void unknownPathIsNotFoundEnvelope() {
        assertNotFound(given().when().get("/v1/nothing-here"));
    }

    @Test
    void unknownAdminPathIsNotFoundEnvelope() {
        assertNotFound(asAdmin().when().get("/v1/admin/nothing-here"));
    }

    @Test
    void unknownProjectSubresourceIsNotFoundEnvelope() {
        String id = createProject("route-sub");
        assertNotFound(asAdmin().when().get(project(id) + "/nothing-here"));
    }

    @Test
    void pathBelowAPhoneNumberIsNotFoundEnvelope() {
        String id = createProject("route-deep");
        assertNotFound(asAdmin().when().get(project(id) + "/phone-numbers/1/extra"));
    }

    @Test
    void putOnAProjectIsMethodNotAllowed() {
        String id = createProject("route-put");
        assertMethodNotAllowed(asAdmin("{\"name\":\"x\"}").when().put(project(id)), "GET, HEAD, PATCH, DELETE, OPTIONS");
    }

    @Test
    void deleteOnTheProjectCollectionIsMethodNotAllowed() {
        assertMethodNotAllowed(asAdmin().when().delete(PROJECTS), "GET, HEAD, POST, OPTIONS");
    }

    // tokens are listed (GET) since they can be revoked; a method the collection does not have is still a 405
    @Test
    void putOnTokensIsMethodNotAllowed() {
        String id = createProject("route-tokens");
        assertMethodNotAllowed(asAdmin("{}").when().put(project(id) + "/tokens"), "GET, HEAD, POST, OPTIONS");
    }

    @Test
    void getOnRotateSecretIsMethodNotAllowed() {
        String id = createProject("route-rotate");
        String webhookId = addWebhook(id).id();
        assertMethodNotAllowed(asAdmin().when().get(project(id) + "/webhooks/" + webhookId + "/rotate-secret"),
                "POST, OPTIONS");
    }

    @Test
    void patchOnAPhoneNumberIsMethodNotAllowed() {
        String id = createProject("route-pnpatch");
        assertMethodNotAllowed(asAdmin("{}").when().patch(project(id) + "/phone-numbers/1"), "DELETE, OPTIONS");
    }

    @Test
    void wrongMethodWithoutTokenIsMethodNotAllowed() {
        assertMethodNotAllowed(given().when().delete(PROJECTS), "GET, HEAD, POST, OPTIONS");
    }

    @Test
    void deleteOnTheLogsIsMethodNotAllowed() {
        assertMethodNotAllowed(given().when().delete("/v1/logs"), "GET, HEAD, POST, OPTIONS");
    }

    @Test
    void putOnMetasCallbackIsMethodNotAllowed() {
        assertMethodNotAllowed(given().body("{}").when().put("/v1/webhooks/whatsapp"), "GET, HEAD, POST, OPTIONS");
    }

    @Test
    void htmlOnlyAcceptIsNotAcceptable() {
        assertBody(asAdmin().accept("text/html").when().get(PROJECTS), 406,
                "{\"message\":\"Not acceptable\",\"data\":null}");
    }
}
