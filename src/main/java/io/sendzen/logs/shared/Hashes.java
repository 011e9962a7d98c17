package io.sendzen.logs.shared;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;

/**
 * SHA-256 and HMAC-SHA256, one instance of each per thread: looking them up by name on every use showed in the CPU
 * profiles of the page and of the webhook. An instance is for the calling thread only, until it calls again.
 */
public final class Hashes {

    private interface Lookup<T> {
        T get() throws GeneralSecurityException;
    }

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(
            () -> lookUp(() -> MessageDigest.getInstance("SHA-256")));
    private static final ThreadLocal<Mac> HMAC_SHA_256 = ThreadLocal.withInitial(
            () -> lookUp(() -> Mac.getInstance("HmacSHA256")));

    private Hashes() {
    }

    /** A SHA-256 digest with nothing in it yet. */
    public static MessageDigest sha256() {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        return digest;
    }

    /** HMAC-SHA256 keyed with {@code key}, with nothing in it yet. */
    public static Mac hmacSha256(byte[] key) {
        return hmacSha256(new SecretKeySpec(key, "HmacSHA256"));
    }

    /** HMAC-SHA256 keyed with {@code key}, with nothing in it yet. */
    public static Mac hmacSha256(SecretKeySpec key) {
        Mac mac = HMAC_SHA_256.get();
        try {
            mac.init(key);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        return mac;
    }

    private static <T> T lookUp(Lookup<T> lookup) {
        try {
            return lookup.get();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
