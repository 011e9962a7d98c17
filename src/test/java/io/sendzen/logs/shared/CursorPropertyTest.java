package io.sendzen.logs.shared;

import io.sendzen.logs.shared.Cursor.Keyset;
import io.sendzen.logs.shared.Cursor.Listing;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.lang.reflect.Proxy;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Any text given as a page token is read or refused with a 400; any position comes back as issued. */
class CursorPropertyTest {

    private static final Cursor CURSOR = cursor(Base64.getEncoder().encodeToString(new byte[32]));

    private static Cursor cursor(String key) {
        SendzenConfig.PageToken pageToken = () -> List.of(key);
        SendzenConfig config = (SendzenConfig) Proxy.newProxyInstance(SendzenConfig.class.getClassLoader(),
                new Class<?>[]{SendzenConfig.class}, (proxy, method, args) -> pageToken);
        return new Cursor(config);
    }

    @Property(tries = 3000)
    void anyTextIsReadOrRefusedWithA400(@ForAll("tokens") String token) {
        try {
            CURSOR.read(token, Listing.LOGS, "p1", "filters");
        } catch (ApiException e) {
            assertEquals(400, e.status());
            assertEquals("nextPageToken", e.problems().get(0).parameter());
        }
    }

    @Property(tries = 1000)
    void anAlteredTokenIsRefused(@ForAll long a, @ForAll String text, @ForAll("positions") int at) {
        String token = CURSOR.issue(Listing.WEBHOOKS, "admin:p", "", Keyset.of(a, text));
        char[] chars = token.toCharArray();
        int i = at % chars.length;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        String altered = new String(chars);
        if (altered.equals(token)) {
            return;
        }
        try {
            Keyset read = CURSOR.read(altered, Listing.WEBHOOKS, "admin:p", "");
            // a change in the padding bits of the last character decodes to the same bytes
            assertEquals(Keyset.of(a, text), read);
        } catch (ApiException e) {
            assertEquals(400, e.status());
        }
    }

    @Property(tries = 1000)
    void anyPositionComesBackAsIssued(@ForAll long number, @ForAll String text) {
        Keyset position = Keyset.of(number, text);
        assertEquals(position, CURSOR.read(CURSOR.issue(Listing.TOKENS, "s", "d", position), Listing.TOKENS, "s", "d"));
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
                        .ofMaxLength(120),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(90)
                        .map(b -> Base64.getUrlEncoder().withoutPadding().encodeToString(b)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(90).map(b -> {
                    byte[] v2 = b.clone();
                    if (v2.length > 0) {
                        v2[0] = 2; // the current version, so the reader goes past the first byte
                    }
                    return Base64.getUrlEncoder().withoutPadding().encodeToString(v2);
                }));
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 10_000);
    }
}
