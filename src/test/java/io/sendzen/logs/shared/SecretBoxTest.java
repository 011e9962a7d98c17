package io.sendzen.logs.shared;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sealing stored secrets, without a server. */
class SecretBoxTest {

    private static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private final String oldKey = key();
    private final String newKey = key();

    @Test
    void aSealedSecretOpensForItsRowAndRevealsNothing() {
        SecretBox box = new SecretBox(List.of(newKey));
        String sealed = box.seal("webhook_endpoint.secret:wh_1", "whsec_abc");
        assertTrue(sealed.startsWith("sealed:v1:"), sealed);
        assertFalse(sealed.contains("whsec_abc"));
        assertNotEquals(sealed, box.seal("webhook_endpoint.secret:wh_1", "whsec_abc"), "a fresh nonce each time");
        assertEquals("whsec_abc", box.open("webhook_endpoint.secret:wh_1", sealed));
        assertFalse(box.needsSealing(sealed));
    }

    @Test
    void aSealedSecretMovedToAnotherRowOrAlteredDoesNotOpen() {
        SecretBox box = new SecretBox(List.of(newKey));
        String sealed = box.seal("webhook_endpoint.secret:wh_1", "whsec_abc");
        IllegalStateException moved = assertThrows(IllegalStateException.class,
                () -> box.open("webhook_endpoint.secret:wh_2", sealed));
        assertFalse(moved.getMessage().contains("whsec_abc"));
        char last = sealed.charAt(sealed.length() - 3);
        String altered = sealed.substring(0, sealed.length() - 3) + (last == 'A' ? 'B' : 'A') + sealed.substring(sealed.length() - 2);
        assertThrows(IllegalStateException.class, () -> box.open("webhook_endpoint.secret:wh_1", altered));
    }

    @Test
    void keysRotateByPuttingANewOneFirst() {
        String sealedUnderOld = new SecretBox(List.of(oldKey)).seal("o", "s1");
        SecretBox rotated = new SecretBox(List.of(newKey, oldKey));
        assertEquals("s1", rotated.open("o", sealedUnderOld), "the old key still opens");
        assertTrue(rotated.needsSealing(sealedUnderOld), "and what it sealed is to be sealed again");
        String resealed = rotated.seal("o", "s1");
        assertFalse(rotated.needsSealing(resealed));
        IllegalStateException gone = assertThrows(IllegalStateException.class,
                () -> new SecretBox(List.of(newKey)).open("o", sealedUnderOld));
        assertTrue(gone.getMessage().contains("not among sendzen.secret-keys"), gone.getMessage());
    }

    @Test
    void aSecretStoredBeforeSealingIsReadAsItIsAndIsToBeSealed() {
        SecretBox box = new SecretBox(List.of(newKey));
        assertEquals("whsec_legacy", box.open("o", "whsec_legacy"));
        assertTrue(box.needsSealing("whsec_legacy"));
    }

    @Test
    void badKeysAreRefusedAtStartWithoutShowingThem() {
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> new SecretBox(List.of(Base64.getEncoder().encodeToString(new byte[16]))));
        assertEquals("sendzen.secret-keys: a key must be 32 bytes (256 bits), not 16", shortKey.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SecretBox(List.of("not base64!")));
        assertThrows(IllegalArgumentException.class, () -> new SecretBox(List.of()));
    }
}
