package io.sendzen.logs.support;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Sets up tenants through the admin API, as an operator would. */
public final class Admin {

    private Admin() {
    }

    public static String project() {
        String id = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"id\":\"" + id + "\",\"name\":\"Test " + id + "\"}")
                .when().post("/v1/admin/projects").then().statusCode(201);
        return id;
    }

    public static String phoneNumber(String projectId) {
        String phone = String.valueOf(100_000_000_000_000L + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 899_999_999_999_999L));
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"phone_number_id\":\"" + phone + "\"}")
                .when().post("/v1/admin/projects/" + projectId + "/phone-numbers").then().statusCode(201);
        return phone;
    }

    public static String waba(String projectId) {
        String waba = String.valueOf(200_000_000_000_000L + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 799_999_999_999_999L));
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"waba_id\":\"" + waba + "\"}")
                .when().post("/v1/admin/projects/" + projectId + "/wabas").then().statusCode(201);
        return waba;
    }
}
