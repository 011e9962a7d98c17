package io.sendzen.logs.projects;

import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ProjectResourceTest {

    @Test
    void createdProjectCanBeReadBack() {
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"id\":\"p-create\",\"name\":\"Acme\"}")
                .when().post("/v1/admin/projects")
                .then().statusCode(201)
                .body("id", equalTo("p-create"))
                .body("name", equalTo("Acme"))
                .body("enabled", equalTo(true))
                .body("retention_days", nullValue());
        given().auth().oauth2(TestTokens.admin())
                .when().get("/v1/admin/projects/p-create")
                .then().statusCode(200).body("name", equalTo("Acme"));
        given().auth().oauth2(TestTokens.admin())
                .when().get("/v1/admin/projects")
                .then().statusCode(200).body("data.id", hasItem("p-create"));
    }

    @Test
    void projectWithoutIdGetsGeneratedDigits() {
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"name\":\"No id\"}")
                .when().post("/v1/admin/projects")
                .then().statusCode(201).body("id", matchesPattern("[0-9]{10}"));
    }

    @Test
    void duplicateProjectIdIsConflict() {
        String body = "{\"id\":\"p-dup\",\"name\":\"One\"}";
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(body)
                .when().post("/v1/admin/projects").then().statusCode(201);
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(body)
                .when().post("/v1/admin/projects")
                .then().statusCode(409)
                .body("message", equalTo("Conflict"))
                .body("errors[0].parameter", equalTo("id"));
    }

    @Test
    void noTokenIsUnauthorized() {
        given().when().get("/v1/admin/projects")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("message", equalTo("Unauthorized"));
    }

    @Test
    void unknownPathIsNotFoundEnvelope() {
        given().when().get("/v1/nothing-here")
                .then().statusCode(404)
                .body("message", equalTo("Not found"))
                .body("data", nullValue());
    }
}
