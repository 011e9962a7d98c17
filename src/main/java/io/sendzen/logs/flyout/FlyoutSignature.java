package io.sendzen.logs.flyout;

import io.sendzen.logs.shared.HubSignature;
import io.sendzen.logs.shared.Hashes;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;

/**
 * The two signatures of a forward (docs/flyout.md): Meta's {@code X-Hub-Signature-256} keyed with the whole secret string,
 * and Standard Webhooks' {@code webhook-signature} keyed with the decoded bytes after {@code whsec_}.
 */
public final class FlyoutSignature {

    private static final String PREFIX = "whsec_";

    private FlyoutSignature() {
    }

    public static String hubSignature(String secret, byte[] body) {
        return HubSignature.sign(secret, body);
    }

    /** {@code v1,<base64>} for each secret, space-separated (two during a rotation). */
    public static String standardSignature(List<String> secrets, String id, long timestamp, byte[] body) {
        StringJoiner header = new StringJoiner(" ");
        for (String secret : secrets) {
            header.add("v1," + Base64.getEncoder().encodeToString(standardMac(secret, id, timestamp, body)));
        }
        return header.toString();
    }

    private static byte[] standardMac(String secret, String id, long timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
        Mac mac = Hashes.hmacSha256(key);
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return mac.doFinal(body);
    }
}
