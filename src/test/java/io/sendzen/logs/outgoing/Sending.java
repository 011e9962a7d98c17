package io.sendzen.logs.outgoing;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.CloudApiResource;
import io.sendzen.logs.support.TestTokens;

import static io.restassured.RestAssured.given;

/** A project with a phone number and its access token, sending through the fake Cloud API, as a client would. */
record Sending(String project, String phone, String display, String accessToken) {

    static final String CUSTOMER = "16505551234";

    /** A new project whose one number has its own access token. */
    static Sending withToken() {
        String project = Admin.createProject();
        String phone = Admin.uniqueMetaId();
        String display = "+1 555 " + phone.substring(phone.length() - 7);
        Admin.asAdmin("{\"phone_number_id\":\"" + phone + "\",\"display_phone_number\":\"" + display + "\"}")
                .when().post(Admin.project(project) + "/phone-numbers").then().statusCode(201);
        String token = "EAAG" + Admin.uniqueId("token").replace("-", "") + "ZZsecretZZ";
        setToken(project, "phone-numbers", phone, token);
        return new Sending(project, phone, display, token);
    }

    static void setToken(String project, String collection, String id, String token) {
        Admin.asAdmin("{\"access_token\":\"" + token + "\"}")
                .when().put(Admin.project(project) + "/" + collection + "/" + id + "/credentials")
                .then().statusCode(204);
    }

    static FakeCloudApi fake() {
        return CloudApiResource.fake();
    }

    RequestSpecification sender() {
        return given().auth().oauth2(TestTokens.project(project, Scopes.MESSAGES_SEND)).contentType(ContentType.JSON);
    }

    RequestSpecification reader() {
        return given().auth().oauth2(TestTokens.project(project, Scopes.LOGS_READ));
    }

    Response send(String body) {
        return sender().body(body).when().post("/v1/messages");
    }

    /** A text message from this project's number to the customer. */
    Response sendText(String text) {
        return send(text(phone, text));
    }

    static String text(String from, String text) {
        return "{\"from\":\"" + from + "\",\"to\":\"" + CUSTOMER + "\",\"type\":\"text\",\"text\":{\"body\":\"" + text
                + "\"}}";
    }

    Response detail(String logId) {
        return reader().when().get("/v1/logs/" + logId);
    }
}
