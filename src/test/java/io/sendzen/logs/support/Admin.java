package io.sendzen.logs.support;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;

/** Requests to the admin API as an administrator, and the tenants the tests set up with them, as an operator would. */
public final class Admin {

    public static final String PROJECTS = "/v1/admin/projects";
    public static final String DEFAULT_WEBHOOK_URL = "https://hooks.example.com/sendzen";

    /** The test database is shared by every test class, so each fixture gets a fresh id. */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** A webhook endpoint as the admin API created it. */
    public record Endpoint(String id, String url, String secret) {
    }

    private Admin() {
    }

    public static String uniqueId(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    /** A Meta-style numeric id (phone number or WABA) no other test uses. */
    public static String uniqueMetaId() {
        return String.valueOf(100_000_000_000_000L + SEQUENCE.incrementAndGet());
    }

    public static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.admin());
    }

    public static RequestSpecification asAdmin(String json) {
        return asAdmin().contentType(ContentType.JSON).body(json);
    }

    /** The path of one project. */
    public static String project(String id) {
        return PROJECTS + "/" + id;
    }

    public static String createProject() {
        return createProject("p");
    }

    /** Creates a project named {@code "Project " + id} and returns its id. */
    public static String createProject(String prefix) {
        String id = uniqueId(prefix);
        asAdmin("{\"id\":\"" + id + "\",\"name\":\"Project " + id + "\"}")
                .when().post(PROJECTS)
                .then().statusCode(201);
        return id;
    }

    /** Patches the project with {@code json}, e.g. {@code {"enabled":false}}. */
    public static void updateProject(String projectId, String json) {
        asAdmin(json).when().patch(project(projectId)).then().statusCode(200);
    }

    public static String addPhoneNumber(String projectId) {
        return addRoute(projectId, "phone-numbers", "phone_number_id");
    }

    public static String addWaba(String projectId) {
        return addRoute(projectId, "wabas", "waba_id");
    }

    /** Routes a new Meta id to the project through {@code collection}; returns the id. */
    private static String addRoute(String projectId, String collection, String field) {
        String id = uniqueMetaId();
        asAdmin("{\"" + field + "\":\"" + id + "\"}")
                .when().post(project(projectId) + "/" + collection)
                .then().statusCode(201);
        return id;
    }

    public static Endpoint addWebhook(String projectId) {
        return addWebhook(projectId, DEFAULT_WEBHOOK_URL);
    }

    public static Endpoint addWebhook(String projectId, String url) {
        return postWebhook(projectId, "{\"url\":\"" + url + "\"}");
    }

    /** An endpoint that receives only the given event types ({@code "Message Status"}, ...). */
    public static Endpoint addWebhookFor(String projectId, String url, String... eventTypes) {
        String types = List.of(eventTypes).stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(","));
        return postWebhook(projectId, "{\"url\":\"" + url + "\",\"event_types\":[" + types + "]}");
    }

    public static Endpoint addDisabledWebhook(String projectId, String url) {
        return postWebhook(projectId, "{\"url\":\"" + url + "\",\"enabled\":false}");
    }

    /** The new secret; the old one keeps signing through the overlap. */
    public static String rotateSecret(String projectId, String webhookId) {
        // the contract says no body, but the resource answers 415 without a JSON content type
        return asAdmin().contentType("application/json")
                .when().post(project(projectId) + "/webhooks/" + webhookId + "/rotate-secret")
                .then().statusCode(200).extract().path("secret");
    }

    private static Endpoint postWebhook(String projectId, String json) {
        JsonPath created = asAdmin(json)
                .when().post(project(projectId) + "/webhooks")
                .then().statusCode(201).extract().jsonPath();
        return new Endpoint(created.getString("id"), created.getString("url"), created.getString("secret"));
    }
}
