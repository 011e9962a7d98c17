package io.sendzen.logs.projects;

import java.security.SecureRandom;
import java.util.Base64;

/** Identifiers and secrets minted by the admin API. */
final class Ids {

    /** Regular expressions, for the constraints of the request records. */
    static final String PROJECT_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    static final String META_ID = "[0-9]{1,32}";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** Digits, like SendZen's project ids. */
    static String projectId() {
        return String.valueOf(1_000_000_000L + (RANDOM.nextLong() & Long.MAX_VALUE) % 9_000_000_000L);
    }

    static String webhookId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "wh_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Standard Webhooks form: {@code whsec_} and the base64 of 32 random bytes. */
    static String webhookSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }
}
