package io.sendzen.logs.shared;

import io.sendzen.logs.shared.Cursor.Keyset;
import io.sendzen.logs.shared.Cursor.Listing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Proxy;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page token of every list, without a server. */
class CursorTest {

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final String OLD_KEY = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());
    private static final Keyset POSITION = Keyset.of(638_500_000_000_000_000L, 42L, 638_600_000_000_000_000L);

    /** A cursor keyed as configured by {@code sendzen.page-token.keys}. */
    private static Cursor cursor(String... keys) {
        SendzenConfig.PageToken pageToken = () -> List.of(keys);
        SendzenConfig config = (SendzenConfig) Proxy.newProxyInstance(SendzenConfig.class.getClassLoader(),
                new Class<?>[]{SendzenConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("pageToken")) {
                        return pageToken;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new Cursor(config);
    }

    private static String problem(Runnable read) {
        ApiException e = assertThrows(ApiException.class, read::run);
        assertEquals(400, e.status());
        assertEquals(1, e.problems().size());
        assertEquals("nextPageToken", e.problems().get(0).parameter());
        return e.problems().get(0).problem();
    }

    @Test
    void aPositionComesBackAsItWasIssued() {
        Cursor cursor = cursor(KEY);
        String token = cursor.issue(Listing.LOGS, "12345", "filters", POSITION);

        assertEquals(POSITION, cursor.read(token, Listing.LOGS, "12345", "filters"));
    }

    @Test
    void numbersAndTextsKeepTheirOrderAndType() {
        Cursor cursor = cursor(KEY);
        Keyset position = Keyset.of(1_700_000_000_123_456L, "wh_é\u0000x", -1L, "");
        String token = cursor.issue(Listing.WEBHOOKS, "admin:p1", "", position);

        Keyset read = cursor.read(token, Listing.WEBHOOKS, "admin:p1", "");

        assertEquals(position, read);
        assertEquals("wh_é\u0000x", read.text(1));
        assertEquals(-1L, read.number(2));
    }

    @Test
    void theTokenIsUrlSafeBase64WithoutPadding() {
        String token = cursor(KEY).issue(Listing.PROJECTS, "admin", "", Keyset.of("acme/+="));

        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
    }

    @Test
    void standardAlphabetAndPaddingAreAccepted() {
        Cursor cursor = cursor(KEY);
        String token = cursor.issue(Listing.LOGS, "12345", "f", POSITION);
        String standard = Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(token));

        assertEquals(POSITION, cursor.read(standard, Listing.LOGS, "12345", "f"));
        assertEquals(POSITION, cursor.read(standard.replace('+', ' '), Listing.LOGS, "12345", "f"));
    }

    @Test
    void aTokenOfAnotherListIsRefused() {
        Cursor cursor = cursor(KEY);
        String token = cursor.issue(Listing.LOGS, "", "f", POSITION);

        assertEquals("was issued for another list", problem(() -> cursor.read(token, Listing.UNROUTED, "", "f")));
    }

    @Test
    void aTokenOfAnotherScopeIsRefused() {
        Cursor cursor = cursor(KEY);
        String token = cursor.issue(Listing.LOGS, "12345", "f", POSITION);

        assertEquals("is not valid: altered, or issued for another project",
                problem(() -> cursor.read(token, Listing.LOGS, "12346", "f")));
    }

    @Test
    void aTokenOfOtherFiltersIsRefused() {
        Cursor cursor = cursor(KEY);
        String token = cursor.issue(Listing.LOGS, "12345", "f", POSITION);

        assertEquals("was issued for other filters: repeat the filters of the first page",
                problem(() -> cursor.read(token, Listing.LOGS, "12345", "g")));
    }

    @Test
    void everyFlippedBitIsRefused() {
        Cursor cursor = cursor(KEY);
        byte[] bytes = Base64.getUrlDecoder().decode(cursor.issue(Listing.LOGS, "12345", "f", POSITION));
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] tampered = bytes.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
            problem(() -> cursor.read(forged, Listing.LOGS, "12345", "f"));
        }
    }

    @Test
    void aTokenSignedWithAnOlderKeyStillReadsAfterRotation() {
        String token = cursor(OLD_KEY).issue(Listing.LOGS, "12345", "f", POSITION);

        assertEquals(POSITION, cursor(KEY, OLD_KEY).read(token, Listing.LOGS, "12345", "f"));
        problem(() -> cursor(KEY).read(token, Listing.LOGS, "12345", "f"));
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"", "A", "AAAA", "garbage!", "a.b.c", "AgEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void garbageIsRefused(String token) {
        problem(() -> cursor(KEY).read(token, Listing.LOGS, "12345", "f"));
    }

    @Test
    void aTokenOfAnotherVersionIsRefusedAsSuch() {
        byte[] bytes = Base64.getUrlDecoder().decode(cursor(KEY).issue(Listing.LOGS, "12345", "f", POSITION));
        bytes[0] = 1;

        assertEquals("has an unknown version", problem(() -> cursor(KEY).read(
                Base64.getUrlEncoder().encodeToString(bytes), Listing.LOGS, "12345", "f")));
    }

    @Test
    void keysTooShortOrNotBase64AreRefusedAtStart() {
        assertThrows(IllegalStateException.class, () -> cursor(Base64.getEncoder().encodeToString(new byte[15])));
        assertThrows(IllegalStateException.class, () -> cursor("not base64!"));
        assertThrows(IllegalStateException.class, () -> cursor());
    }
}
