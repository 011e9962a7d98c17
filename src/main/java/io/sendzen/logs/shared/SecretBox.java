package io.sendzen.logs.shared;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Secrets the service must give back (webhook signing secrets) are stored sealed with AES-256-GCM under the data
 * keys of {@code sendzen.secret-keys}: the first seals, every one opens, so keys rotate by putting a new one first.
 * A sealed value names its key and is bound to the row it belongs to, so it cannot be moved to another row; a dump of
 * the database alone reveals none. Text: {@code sealed:v1:<key id>:<base64url(nonce, ciphertext and tag)>}.
 */
@ApplicationScoped
public class SecretBox {

    static final String PREFIX = "sealed:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private record DataKey(String id, SecretKeySpec key) {
    }

    private final List<DataKey> keys;
    private final SecureRandom random = new SecureRandom();

    @Inject
    SecretBox(SendzenConfig config) {
        this(config.secretKeys());
    }

    /** {@code keys}: base64 AES-256 keys, the sealing one first. */
    public SecretBox(List<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("sendzen.secret-keys: at least one key is needed");
        }
        this.keys = keys.stream().map(SecretBox::dataKey).toList();
    }

    private static DataKey dataKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sendzen.secret-keys: a key is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("sendzen.secret-keys: a key must be 32 bytes (256 bits), not " + bytes.length);
        }
        // the id names the key without revealing it
        String id = HexFormat.of().formatHex(Hashes.sha256().digest(bytes), 0, 4);
        return new DataKey(id, new SecretKeySpec(bytes, "AES"));
    }

    /** {@code plain} sealed under the first key, for the row {@code owner} (for example "webhook_endpoint.secret:wh_1"). */
    public String seal(String owner, String plain) {
        DataKey key = keys.get(0);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + key.id() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The secret in {@code stored}: opened when sealed, as it is when stored before sealing existed (see
     * {@link #needsSealing}).
     *
     * @throws IllegalStateException when no configured key opens it, or it was sealed for another row
     */
    public String open(String owner, String stored) {
        if (!stored.startsWith(PREFIX)) {
            return stored;
        }
        int colon = stored.indexOf(':', PREFIX.length());
        String id = colon < 0 ? "" : stored.substring(PREFIX.length(), colon);
        DataKey key = keys.stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow(() ->
                new IllegalStateException("a stored secret of " + owner + " was sealed under data key " + id
                        + ", which is not among sendzen.secret-keys"));
        try {
            byte[] in = Base64.getUrlDecoder().decode(stored.substring(colon + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // never the value or the key in the message
            throw new IllegalStateException("a stored secret of " + owner + " does not open under data key " + id
                    + " (altered, or moved from another row)");
        }
    }

    /** How every value sealed under the first key begins. */
    public String sealedPrefix() {
        return PREFIX + keys.get(0).id() + ":";
    }

    /** Stored in clear (from before sealing), or sealed under a key that is no longer the first. */
    public boolean needsSealing(String stored) {
        return !stored.startsWith(sealedPrefix());
    }
}
