package io.sendzen.logs.flyout;

import io.restassured.path.json.JsonPath;
import io.sendzen.logs.support.TestTokens;

import java.util.List;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;

/** A project's webhook endpoints, set up through the admin API as an operator would. */
final class Endpoints {

    record Endpoint(String id, String url, String secret) {
    }

    private Endpoints() {
    }

    static Endpoint create(String projectId, String url) {
        return post(projectId, "{\"url\":\"" + url + "\"}");
    }

    static Endpoint forTypes(String projectId, String url, String... eventTypes) {
        String types = List.of(eventTypes).stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(","));
        return post(projectId, "{\"url\":\"" + url + "\",\"event_types\":[" + types + "]}");
    }

    static Endpoint disabled(String projectId, String url) {
        return post(projectId, "{\"url\":\"" + url + "\",\"enabled\":false}");
    }

    /** The new secret; the old one keeps signing through the overlap. */
    static String rotateSecret(String projectId, String webhookId) {
        // the contract says no body, but the resource answers 415 without a JSON content type
        return given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .when().post("/v1/admin/projects/" + projectId + "/webhooks/" + webhookId + "/rotate-secret")
                .then().statusCode(200).extract().path("secret");
    }

    private static Endpoint post(String projectId, String body) {
        JsonPath created = given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(body)
                .when().post("/v1/admin/projects/" + projectId + "/webhooks")
                .then().statusCode(201).extract().jsonPath();
        return new Endpoint(created.getString("id"), created.getString("url"), created.getString("secret"));
    }
}
