package io.sendzen.logs.projects;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.sendzen.logs.support.TestTokens;

import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;

/** Requests to the admin API as an administrator, and the fixtures the tests build with them. */
final class AdminApi {

    static final String PROJECTS = "/v1/admin/projects";

    /** The test database is shared by every test class, so each fixture gets a fresh id. */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private AdminApi() {
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    /** A Meta-style numeric id (phone number or WABA) no other test uses. */
    static String uniqueMetaId() {
        return String.valueOf(100_000_000_000_000L + SEQUENCE.incrementAndGet());
    }

    static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.admin());
    }

    static RequestSpecification asAdmin(String json) {
        return asAdmin().contentType(ContentType.JSON).body(json);
    }

    static String project(String id) {
        return PROJECTS + "/" + id;
    }

    static String createProject(String prefix) {
        String id = uniqueId(prefix);
        asAdmin("{\"id\":\"" + id + "\",\"name\":\"Project " + id + "\"}")
                .when().post(PROJECTS)
                .then().statusCode(201);
        return id;
    }

    static String addPhoneNumber(String projectId) {
        String phoneNumberId = uniqueMetaId();
        asAdmin("{\"phone_number_id\":\"" + phoneNumberId + "\"}")
                .when().post(project(projectId) + "/phone-numbers")
                .then().statusCode(201);
        return phoneNumberId;
    }

    static String addWaba(String projectId) {
        String wabaId = uniqueMetaId();
        asAdmin("{\"waba_id\":\"" + wabaId + "\"}")
                .when().post(project(projectId) + "/wabas")
                .then().statusCode(201);
        return wabaId;
    }

    /** Creates a webhook endpoint and returns its id. */
    static String createWebhook(String projectId) {
        return asAdmin("{\"url\":\"https://hooks.example.com/sendzen\"}")
                .when().post(project(projectId) + "/webhooks")
                .then().statusCode(201)
                .extract().path("id");
    }
}
