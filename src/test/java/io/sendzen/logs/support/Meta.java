package io.sendzen.logs.support;

import io.restassured.response.ValidatableResponse;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Builds deliveries in the shapes Meta documents, signs them as Meta does and posts them to the service. */
public final class Meta {

    public static final String APP_SECRET = "test-app-secret";

    private Meta() {
    }

    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static ValidatableResponse post(String body) {
        return post(body.getBytes(StandardCharsets.UTF_8));
    }

    public static ValidatableResponse post(byte[] body) {
        return given().contentType("application/json").header("X-Hub-Signature-256", signature(APP_SECRET, body))
                .body(body).when().post("/v1/webhooks/whatsapp").then();
    }

    public static String wamid() {
        return "wamid." + UUID.randomUUID().toString().replace("-", "");
    }

    public static String envelope(String wabaId, String... changes) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + wabaId + "\",\"changes\":["
                + String.join(",", changes) + "]}]}";
    }

    public static String messagesChange(String phoneNumberId, String valueItems) {
        return "{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15551234567\","
                + "\"phone_number_id\":\"" + phoneNumberId + "\"}," + valueItems + "},\"field\":\"messages\"}";
    }

    public static String status(String wamid, String status, String recipient) {
        return "{\"id\":\"" + wamid + "\",\"status\":\"" + status + "\",\"timestamp\":\"1704067200\",\"recipient_id\":\""
                + recipient + "\"}";
    }

    public static String failedStatus(String wamid, String recipient, int code) {
        return "{\"id\":\"" + wamid + "\",\"status\":\"failed\",\"timestamp\":\"1704067300\",\"recipient_id\":\"" + recipient
                + "\",\"errors\":[{\"code\":" + code + ",\"title\":\"Re-engagement message\",\"message\":\"Re-engagement message\","
                + "\"error_data\":{\"details\":\"Message failed to send because more than 24 hours have passed.\"},"
                + "\"href\":\"https:\\/\\/developers.facebook.com\\/docs\\/whatsapp\\/cloud-api\\/support\\/error-codes\\/\"}]}";
    }

    public static String textMessage(String wamid, String from, String text) {
        return "{\"from\":\"" + from + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"1704067200\",\"text\":{\"body\":\"" + text
                + "\"},\"type\":\"text\"}";
    }

    public static String contact(String waId, String name) {
        return "{\"profile\":{\"name\":\"" + name + "\"},\"wa_id\":\"" + waId + "\"}";
    }

    /** One status, in the seed document's shape. */
    public static String singleStatus(String phoneNumberId, String wamid, String status) {
        return envelope("102290129340398", messagesChange(phoneNumberId,
                "\"statuses\":[" + status(wamid, status, "16505551234") + "]"));
    }
}
