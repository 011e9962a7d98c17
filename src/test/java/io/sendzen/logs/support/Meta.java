package io.sendzen.logs.support;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * Builds deliveries in the shapes of Meta's webhook reference (Cloud API "messages" field and the WABA-level
 * fields), compact and escaped as Meta sends them, signs them as Meta does and posts them to the service.
 */
public final class Meta {

    public static final String PATH = "/v1/webhooks/whatsapp";
    public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    public static final String APP_SECRET = "test-app-secret";

    public static final String CUSTOMER = "16505551234";
    public static final String TIMESTAMP = "1704067200";
    public static final String CONTEXT = "{\"from\":\"15551234567\",\"id\":\"wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA\"}";

    public static final List<String> STATUSES = List.of("sent", "delivered", "read", "played", "deleted");

    public static final List<String> MESSAGE_TYPES = List.of("text", "image", "audio", "video", "document", "sticker",
            "location", "contacts", "button_reply", "list_reply", "button", "reaction", "order", "system");

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

    /** Posts {@code body} signed with the app secret, as Meta delivers it. */
    public static ValidatableResponse post(String body) {
        return post(body.getBytes(StandardCharsets.UTF_8));
    }

    public static ValidatableResponse post(byte[] body) {
        return postSigned(APP_SECRET, body, body);
    }

    /** As {@link #post(String)}, for callers that read the raw response (status, headers) themselves. */
    public static Response send(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return given().contentType("application/json").header(SIGNATURE_HEADER, signature(APP_SECRET, bytes))
                .body(bytes).when().post(PATH);
    }

    /** Posts {@code sentBytes} with a signature by {@code secret} over {@code signedBytes}. */
    public static ValidatableResponse postSigned(String secret, byte[] signedBytes, byte[] sentBytes) {
        return postWithSignature(signature(secret, signedBytes), sentBytes);
    }

    /** Posts {@code body} with {@code header} as the signature header, whatever it holds. */
    public static ValidatableResponse postWithSignature(String header, byte[] body) {
        return given().contentType("application/json").header(SIGNATURE_HEADER, header)
                .body(body).when().post(PATH).then();
    }

    public static ValidatableResponse postUnsigned(String body) {
        return given().contentType("application/json").body(body).when().post(PATH).then();
    }

    /** Posts a signed body with the JDK client, which sends megabytes many times faster than rest-assured. */
    public static HttpResponse<String> postLarge(byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + PATH))
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, signature(APP_SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }


    public static String wamid() {
        return "wamid." + UUID.randomUUID().toString().replace("-", "");
    }

    public static String envelope(String wabaId, String... changes) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + wabaId + "\",\"changes\":["
                + String.join(",", changes) + "]}]}";
    }

    public static String change(String field, String value) {
        return "{\"value\":" + value + ",\"field\":\"" + field + "\"}";
    }

    public static String metadata(String phoneNumberId) {
        return "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15551234567\","
                + "\"phone_number_id\":\"" + phoneNumberId + "\"}";
    }

    public static String messagesChange(String phoneNumberId, String valueItems) {
        return "{\"value\":{" + metadata(phoneNumberId) + "," + valueItems + "},\"field\":\"messages\"}";
    }

    /** One incoming message with its contact, as Meta delivers it. */
    public static String incoming(String wabaId, String phoneNumberId, String message, String from) {
        return envelope(wabaId, messagesChange(phoneNumberId,
                "\"contacts\":[" + contact(from, "Kerry") + "],\"messages\":[" + message + "]"));
    }

    public static String statuses(String wabaId, String phoneNumberId, String... statuses) {
        return envelope(wabaId, messagesChange(phoneNumberId, "\"statuses\":[" + String.join(",", statuses) + "]"));
    }

    /** One status, in the seed document's shape. */
    public static String singleStatus(String phoneNumberId, String wamid, String status) {
        return statuses("102290129340398", phoneNumberId, status(wamid, status, CUSTOMER));
    }

    /** A change of a WABA-level field; Meta puts {@code entry} before {@code object} and a {@code time} in these. */
    public static String wabaLevel(String wabaId, String field, String value) {
        return "{\"entry\":[{\"id\":\"" + wabaId + "\",\"time\":1704067200,\"changes\":[{\"value\":" + value
                + ",\"field\":\"" + field + "\"}]}],\"object\":\"whatsapp_business_account\"}";
    }


    /** A status with only the fields every state has. */
    public static String status(String wamid, String status, String recipient) {
        return "{\"id\":\"" + wamid + "\",\"status\":\"" + status + "\",\"timestamp\":\"1704067200\",\"recipient_id\":\""
                + recipient + "\"}";
    }

    /** A status as Meta documents it for each state; sent and delivered carry conversation and pricing. */
    public static String documentedStatus(String wamid, String status, String recipient) {
        return switch (status) {
            case "sent" -> "{\"id\":\"" + wamid + "\",\"status\":\"sent\",\"timestamp\":\"" + TIMESTAMP
                    + "\",\"recipient_id\":\"" + recipient + "\",\"conversation\":{\"id\":\"c0b9c6bd1e8b4e6f8e7a0c1b2d3e4f5a\","
                    + "\"expiration_timestamp\":\"1704153600\",\"origin\":{\"type\":\"utility\"}},\"pricing\":{\"billable\":true,"
                    + "\"pricing_model\":\"CBP\",\"category\":\"utility\"}}";
            case "delivered" -> "{\"id\":\"" + wamid + "\",\"status\":\"delivered\",\"timestamp\":\"1704067205\","
                    + "\"recipient_id\":\"" + recipient + "\",\"conversation\":{\"id\":\"c0b9c6bd1e8b4e6f8e7a0c1b2d3e4f5a\","
                    + "\"origin\":{\"type\":\"utility\"}},\"pricing\":{\"billable\":true,\"pricing_model\":\"CBP\","
                    + "\"category\":\"utility\"}}";
            case "failed" -> failedStatus(wamid, recipient, 131047);
            default -> "{\"id\":\"" + wamid + "\",\"status\":\"" + status + "\",\"timestamp\":\"1704067260\","
                    + "\"recipient_id\":\"" + recipient + "\"}";
        };
    }

    public static String failedStatus(String wamid, String recipient, int code) {
        return "{\"id\":\"" + wamid + "\",\"status\":\"failed\",\"timestamp\":\"1704067300\",\"recipient_id\":\"" + recipient
                + "\",\"errors\":[{\"code\":" + code + ",\"title\":\"Re-engagement message\",\"message\":\"Re-engagement message\","
                + "\"error_data\":{\"details\":\"Message failed to send because more than 24 hours have passed.\"},"
                + "\"href\":\"https:\\/\\/developers.facebook.com\\/docs\\/whatsapp\\/cloud-api\\/support\\/error-codes\\/\"}]}";
    }


    public static String contact(String waId, String name) {
        return "{\"profile\":{\"name\":\"" + name + "\"},\"wa_id\":\"" + waId + "\"}";
    }

    public static String textMessage(String wamid, String from, String text) {
        return "{\"from\":\"" + from + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"1704067200\",\"text\":{\"body\":\"" + text
                + "\"},\"type\":\"text\"}";
    }

    /** An incoming message of {@code type}; button_reply and list_reply are the two kinds of {@code interactive}. */
    public static String message(String type, String wamid, String from) {
        String head = "{\"from\":\"" + from + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"" + TIMESTAMP + "\",";
        return head + switch (type) {
            case "text" -> "\"text\":{\"body\":\"Hi there\"},\"type\":\"text\"}";
            case "image" -> "\"type\":\"image\",\"image\":{\"caption\":\"Receipt\",\"mime_type\":\"image\\/jpeg\","
                    + "\"sha256\":\"2a4f1d0c6d3b0e8a4c5f7b9e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c\",\"id\":\"1003383421387256\"}}";
            case "audio" -> "\"type\":\"audio\",\"audio\":{\"mime_type\":\"audio\\/ogg; codecs=opus\","
                    + "\"sha256\":\"9c1b5d8f0a2e4c6b8d0f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b\",\"id\":\"1294857302948573\","
                    + "\"voice\":true}}";
            case "video" -> "\"type\":\"video\",\"video\":{\"caption\":\"Unboxing\",\"mime_type\":\"video\\/mp4\","
                    + "\"sha256\":\"0f9e8d7c6b5a49382716f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0\",\"id\":\"2039485729384756\"}}";
            case "document" -> "\"type\":\"document\",\"document\":{\"caption\":\"Invoice\",\"filename\":\"invoice-2024-01.pdf\","
                    + "\"mime_type\":\"application\\/pdf\",\"sha256\":\"a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90\","
                    + "\"id\":\"3948572039485720\"}}";
            case "sticker" -> "\"type\":\"sticker\",\"sticker\":{\"mime_type\":\"image\\/webp\","
                    + "\"sha256\":\"5e4d3c2b1a0f9e8d7c6b5a493827160f5e4d3c2b1a0f9e8d7c6b5a4938271605\",\"id\":\"4857203948572039\","
                    + "\"animated\":false}}";
            case "location" -> "\"location\":{\"latitude\":37.48293,\"longitude\":-122.14815,\"name\":\"Meta HQ\","
                    + "\"address\":\"1 Hacker Way, Menlo Park, CA 94025\",\"url\":\"https:\\/\\/www.meta.com\"},\"type\":\"location\"}";
            case "contacts" -> "\"contacts\":[{\"addresses\":[{\"city\":\"Menlo Park\",\"country\":\"United States\","
                    + "\"country_code\":\"us\",\"state\":\"CA\",\"street\":\"1 Hacker Way\",\"type\":\"WORK\",\"zip\":\"94025\"}],"
                    + "\"birthday\":\"1990-08-18\",\"emails\":[{\"email\":\"kerry@example.com\",\"type\":\"WORK\"}],"
                    + "\"name\":{\"formatted_name\":\"Kerry Fitzgerald\",\"first_name\":\"Kerry\",\"last_name\":\"Fitzgerald\"},"
                    + "\"org\":{\"company\":\"Meta\",\"department\":\"Sales\",\"title\":\"Manager\"},"
                    + "\"phones\":[{\"phone\":\"+1 (650) 555-9876\",\"wa_id\":\"16505559876\",\"type\":\"WORK\"}],"
                    + "\"urls\":[{\"url\":\"https:\\/\\/www.facebook.com\",\"type\":\"WORK\"}]}],\"type\":\"contacts\"}";
            case "button_reply" -> "\"context\":" + CONTEXT + ",\"type\":\"interactive\",\"interactive\":"
                    + "{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"confirm-order\",\"title\":\"Confirm\"}}}";
            case "list_reply" -> "\"context\":" + CONTEXT + ",\"type\":\"interactive\",\"interactive\":"
                    + "{\"type\":\"list_reply\",\"list_reply\":{\"id\":\"slot-3\",\"title\":\"Tomorrow 10:00\","
                    + "\"description\":\"Morning delivery\"}}}";
            case "button" -> "\"context\":" + CONTEXT + ",\"type\":\"button\",\"button\":{\"text\":\"Stop promotions\","
                    + "\"payload\":\"STOP_PROMOTIONS\"}}";
            case "reaction" -> "\"reaction\":{\"message_id\":\"wamid.HBgLMTY1MDUwNzY1MjAVAgERGBI0QjI4RTc2QjM4RDY3QzVBNzkA\","
                    + "\"emoji\":\"\\ud83d\\udc4d\"},\"type\":\"reaction\"}";
            case "order" -> "\"type\":\"order\",\"order\":{\"catalog_id\":\"3405617349526283\",\"text\":\"Please deliver after 5pm\","
                    + "\"product_items\":[{\"product_retailer_id\":\"sku-1029\",\"quantity\":2,\"item_price\":12.5,"
                    + "\"currency\":\"USD\"}]}}";
            case "system" -> "\"system\":{\"body\":\"Kerry changed from " + from + " to 16505559876\","
                    + "\"new_wa_id\":\"16505559876\",\"type\":\"user_changed_number\"},\"type\":\"system\"}";
            case "unsupported" -> "\"errors\":[{\"code\":131051,\"title\":\"Message type unknown\","
                    + "\"message\":\"Message type unknown\",\"error_data\":{\"details\":\"Message type is currently not supported.\"}}],"
                    + "\"type\":\"unsupported\"}";
            default -> throw new IllegalArgumentException(type);
        };
    }


    public static String userPreferences(String phoneNumberId) {
        return "{" + metadata(phoneNumberId) + ",\"contacts\":[" + contact(CUSTOMER, "Kerry") + "],\"user_preferences\":"
                + "[{\"wa_id\":\"" + CUSTOMER + "\",\"detail\":\"User requested to stop marketing messages\","
                + "\"category\":\"marketing_messages\",\"value\":\"stop\",\"timestamp\":1704067200}]}";
    }

    public static String calls(String phoneNumberId) {
        return "{" + metadata(phoneNumberId) + ",\"contacts\":[" + contact(CUSTOMER, "Kerry") + "],\"calls\":"
                + "[{\"id\":\"wacid.ABGGFjFVU2AfAgo6V-Hc5eCgK5Gh\",\"to\":\"15551234567\",\"from\":\"" + CUSTOMER + "\","
                + "\"event\":\"connect\",\"timestamp\":\"" + TIMESTAMP + "\",\"direction\":\"USER_INITIATED\","
                + "\"session\":{\"sdp_type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 7669997803033704573 2 IN IP4 127.0.0.1\\r\\n\"}}]}";
    }

    /** A messages change that carries only {@code errors}: a problem of the app or account, not of one message. */
    public static String valueErrors(String phoneNumberId, int code) {
        return "{" + metadata(phoneNumberId) + ",\"errors\":[{\"code\":" + code + ",\"title\":\"Something went wrong\","
                + "\"message\":\"Something went wrong\",\"error_data\":{\"details\":\"Unknown error, please retry later.\"},"
                + "\"href\":\"https:\\/\\/developers.facebook.com\\/docs\\/whatsapp\\/cloud-api\\/support\\/error-codes\\/\"}]}";
    }


    public static String templateStatusUpdate() {
        return "{\"event\":\"APPROVED\",\"message_template_id\":1234567890123456,\"message_template_name\":\"order_update\","
                + "\"message_template_language\":\"en_US\",\"reason\":\"NONE\"}";
    }

    public static String templateQualityUpdate() {
        return "{\"previous_quality_score\":\"GREEN\",\"new_quality_score\":\"YELLOW\",\"message_template_id\":1234567890123456,"
                + "\"message_template_name\":\"order_update\",\"message_template_language\":\"en_US\"}";
    }

    public static String accountUpdate() {
        return "{\"phone_number\":\"15551234567\",\"event\":\"VERIFIED_ACCOUNT\"}";
    }

    public static String phoneNumberQualityUpdate() {
        return "{\"display_phone_number\":\"15551234567\",\"event\":\"FLAGGED\",\"current_limit\":\"TIER_1K\"}";
    }
}
