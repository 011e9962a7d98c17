package io.sendzen.logs.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Meta's {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>}: checked on every delivery from Meta
 * (keyed with an App Secret) and written on every forward (keyed with the endpoint's secret), docs/meta-webhooks.md.
 */
public final class HubSignature {

    private static final String PREFIX = "sha256=";

    private HubSignature() {
    }

    /** True when the header is the signature of {@code body} under any of {@code secrets}; compared in constant time. */
    public static boolean verify(String header, byte[] body, List<String> secrets) {
        if (header == null || secrets.isEmpty()) {
            return false;
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) || value.length() != PREFIX.length() + 64) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(value, PREFIX.length(), value.length());
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean match = false;
        for (String secret : secrets) {
            // every secret is tried, so the time taken does not tell which one matched
            match |= MessageDigest.isEqual(presented, hmac(secret, body));
        }
        return match;
    }

    public static String sign(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    static byte[] hmac(String secret, byte[] body) {
        return Hashes.hmacSha256(secret.getBytes(StandardCharsets.UTF_8)).doFinal(body);
    }
}
