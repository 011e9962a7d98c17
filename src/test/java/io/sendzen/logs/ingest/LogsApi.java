package io.sendzen.logs.ingest;

import io.restassured.path.json.JsonPath;
import io.sendzen.logs.support.TestTokens;

import static io.restassured.RestAssured.given;

/** Reads stored entries back through the public API, as a project or an operator would. */
final class LogsApi {

    private LogsApi() {
    }

    static JsonPath projectLogs(String projectId, String query) {
        return given().auth().oauth2(TestTokens.project(projectId, "logs:read"))
                .when().get("/v1/logs" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    static JsonPath unrouted(String query) {
        return given().auth().oauth2(TestTokens.admin())
                .when().get("/v1/admin/unrouted" + query)
                .then().statusCode(200).extract().jsonPath();
    }
}
