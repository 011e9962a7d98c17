package io.sendzen.logs.flyout;

import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.flyout.Entries.Entry;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Admin.Endpoint;
import io.sendzen.logs.support.Meta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each forward verifies with receivers written for Meta's scheme and for Standard Webhooks, checked here from scratch. */
@QuarkusTest
class SignatureTest {

    private Receiver receiver;
    private String project;
    private String phone;

    @BeforeEach
    void setUp() {
        receiver = Receiver.start();
        project = Admin.createProject();
        phone = Admin.addPhoneNumber(project);
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hubSignature(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    private static String standardSignature(String secret, String id, String timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return "v1," + Base64.getEncoder().encodeToString(hmacSha256(key, signed));
    }

    private Receiver.Request forwardOne() {
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        Entries.awaitStatus(project, "success");
        List<Receiver.Request> requests = receiver.requests("hook");
        assertEquals(1, requests.size());
        return requests.get(0);
    }

    @Test
    void secretHasTheStandardWebhooksForm() {
        String secret = Admin.addWebhook(project, receiver.url("hook")).secret();
        assertTrue(secret.startsWith("whsec_"), secret);
        assertEquals(32, Base64.getDecoder().decode(secret.substring("whsec_".length())).length);
    }

    @Test
    void hubSignatureIsTheHmacOfTheBodyKeyedWithTheWholeSecret() {
        Endpoint endpoint = Admin.addWebhook(project, receiver.url("hook"));
        Receiver.Request request = forwardOne();
        assertEquals(hubSignature(endpoint.secret(), request.body()), request.header("x-hub-signature-256"));
    }

    @Test
    void standardWebhooksSignatureIsKeyedWithTheDecodedSecret() {
        Endpoint endpoint = Admin.addWebhook(project, receiver.url("hook"));
        Receiver.Request request = forwardOne();
        String expected = standardSignature(endpoint.secret(), request.header("webhook-id"),
                request.header("webhook-timestamp"), request.body());
        assertEquals(expected, request.header("webhook-signature"));
    }

    @Test
    void webhookIdIsTheLogIdOfTheEntry() {
        Admin.addWebhook(project, receiver.url("hook"));
        Receiver.Request request = forwardOne();
        Entry entry = Entries.only(project);
        assertEquals(entry.logId(), request.header("webhook-id"));
    }

    @Test
    void webhookTimestampIsTheTimeOfSendingInUnixSeconds() {
        Admin.addWebhook(project, receiver.url("hook"));
        Receiver.Request request = forwardOne();
        long sentAt = Long.parseLong(request.header("webhook-timestamp"));
        long arrivedAt = request.arrivedAtMillis() / 1000;
        assertTrue(Math.abs(arrivedAt - sentAt) <= 5, sentAt + " vs " + arrivedAt);
        assertTrue(sentAt <= Instant.now().getEpochSecond());
    }

    @Test
    void afterRotationBothSecretsSignSpaceSeparated() {
        Endpoint endpoint = Admin.addWebhook(project, receiver.url("hook"));
        String rotated = Admin.rotateSecret(project, endpoint.id());
        Receiver.Request request = forwardOne();
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        List<String> signatures = List.of(request.header("webhook-signature").split(" "));
        assertEquals(2, signatures.size(), request.header("webhook-signature"));
        assertEquals(Set.of(standardSignature(rotated, id, timestamp, request.body()),
                standardSignature(endpoint.secret(), id, timestamp, request.body())), Set.copyOf(signatures));
    }

    @Test
    void afterRotationTheHubSignatureUsesTheNewSecret() {
        Endpoint endpoint = Admin.addWebhook(project, receiver.url("hook"));
        String rotated = Admin.rotateSecret(project, endpoint.id());
        Receiver.Request request = forwardOne();
        assertEquals(hubSignature(rotated, request.body()), request.header("x-hub-signature-256"));
    }
}
