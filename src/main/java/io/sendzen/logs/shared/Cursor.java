package io.sendzen.logs.shared;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The opaque {@code next_page_token} of every list of the API (docs/logs-api.md, "The page token"): the keyset
 * position after the last item shown, bound by an HMAC to the list it belongs to, to the scope it was issued in (a
 * project, or the admin API) and to a digest of the filters. Layout, URL-safe base64: version (1) | list (1) |
 * position (values up to the digest, each a tag byte and a long or a length-prefixed UTF-8 string) | filter
 * digest (8) | HMAC-SHA256 of scope and all of that, truncated (16). The first configured key signs, every key
 * verifies.
 */
@ApplicationScoped
public class Cursor {

    /** The lists that page; a token issued for one is refused by every other. */
    public enum Listing {
        LOGS(1), UNROUTED(2), PROJECTS(3), PHONE_NUMBERS(4), WABAS(5), WEBHOOKS(6), TOKENS(7), AUDIT(8), MESSAGES(9);

        private final byte code;

        Listing(int code) {
            this.code = (byte) code;
        }
    }

    /** Where the next page starts: the sort key of the last item shown, as longs and strings. */
    public record Keyset(List<Object> values) {

        public static Keyset of(Object... values) {
            return new Keyset(List.of(values));
        }

        public long number(int index) {
            if (!(values.get(index) instanceof Long number)) {
                throw invalid("is malformed");
            }
            return number;
        }

        public String text(int index) {
            if (!(values.get(index) instanceof String text)) {
                throw invalid("is malformed");
            }
            return text;
        }
    }

    public static final String PARAMETER = "nextPageToken";

    private static final byte VERSION = 2;
    private static final byte NUMBER = 'n';
    private static final byte TEXT = 's';
    private static final int MAX_VALUES = 8;
    private static final int DIGEST = 8;
    private static final int MAC = 16;

    private final List<SecretKeySpec> keys;

    Cursor(SendzenConfig config) {
        this.keys = config.pageToken().keys().stream().map(Cursor::key).toList();
        if (keys.isEmpty()) {
            throw new IllegalStateException("sendzen.page-token.keys is empty");
        }
    }

    private static SecretKeySpec key(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a key in sendzen.page-token.keys is not base64");
        }
        if (bytes.length < 16) {
            throw new IllegalStateException("a key in sendzen.page-token.keys is shorter than 16 bytes");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** A token for the page after {@code after} of {@code list}, as seen in {@code scope} with {@code filters}. */
    public String issue(Listing list, String scope, String filters, Keyset after) {
        if (after.values().size() > MAX_VALUES) {
            throw new IllegalArgumentException("a keyset holds at most " + MAX_VALUES + " values");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        DataOutputStream body = new DataOutputStream(bytes);
        try {
            body.writeByte(VERSION);
            body.writeByte(list.code);
            for (Object value : after.values()) {
                if (value instanceof Long number) {
                    body.writeByte(NUMBER);
                    body.writeLong(number);
                } else if (value instanceof String text) {
                    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                    if (utf8.length > 0xffff) {
                        throw new IllegalArgumentException("a keyset string is longer than 65535 bytes");
                    }
                    body.writeByte(TEXT);
                    body.writeShort(utf8.length);
                    body.write(utf8);
                } else {
                    throw new IllegalArgumentException("a keyset holds longs and strings only");
                }
            }
            body.write(digest(filters));
            byte[] signed = bytes.toByteArray();
            body.write(mac(keys.get(0), scope, signed, signed.length), 0, MAC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    }

    /** The position carried by {@code token}; any failed check is a 400 naming the token. */
    public Keyset read(String token, Listing list, String scope, String filters) {
        byte[] bytes = decode(token);
        if (bytes == null || bytes.length < 2 + DIGEST + MAC) {
            throw invalid("is malformed");
        }
        if (bytes[0] != VERSION) {
            throw invalid("has an unknown version");
        }
        int signed = bytes.length - MAC;
        byte[] presented = Arrays.copyOfRange(bytes, signed, bytes.length);
        boolean authentic = false;
        for (SecretKeySpec key : keys) {
            // every key is tried, so the time taken does not tell which one matched
            authentic |= MessageDigest.isEqual(presented, Arrays.copyOf(mac(key, scope, bytes, signed), MAC));
        }
        if (!authentic) {
            throw invalid("is not valid: altered, or issued for another project");
        }
        if (bytes[1] != list.code) {
            throw invalid("was issued for another list");
        }
        ByteBuffer body = ByteBuffer.wrap(bytes, 2, signed - 2);
        List<Object> values = new ArrayList<>();
        try {
            while (body.remaining() > DIGEST) {
                if (values.size() == MAX_VALUES) {
                    throw invalid("is malformed");
                }
                byte tag = body.get();
                if (tag == NUMBER) {
                    values.add(body.getLong());
                } else if (tag == TEXT) {
                    byte[] text = new byte[body.getShort() & 0xffff];
                    body.get(text);
                    values.add(new String(text, StandardCharsets.UTF_8));
                } else {
                    throw invalid("is malformed");
                }
            }
            if (body.remaining() != DIGEST) {
                throw invalid("is malformed");
            }
        } catch (BufferUnderflowException e) {
            throw invalid("is malformed");
        }
        if (!MessageDigest.isEqual(Arrays.copyOfRange(bytes, signed - DIGEST, signed), digest(filters))) {
            throw invalid("was issued for other filters: repeat the filters of the first page");
        }
        return new Keyset(List.copyOf(values));
    }

    private static byte[] decode(String token) {
        String urlSafe = token.trim().replace(' ', '-').replace('+', '-').replace('/', '_');
        int end = urlSafe.length();
        while (end > 0 && urlSafe.charAt(end - 1) == '=') {
            end--;
        }
        try {
            return Base64.getUrlDecoder().decode(urlSafe.substring(0, end));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] digest(String filters) {
        return Arrays.copyOf(Hashes.sha256().digest(filters.getBytes(StandardCharsets.UTF_8)), DIGEST);
    }

    private static byte[] mac(SecretKeySpec key, String scope, byte[] body, int length) {
        Mac mac = Hashes.hmacSha256(key);
        mac.update(scope.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update(body, 0, length);
        return mac.doFinal();
    }

    private static ApiException invalid(String problem) {
        return ApiException.badRequest(PARAMETER, problem);
    }

    /** A timestamp as a keyset number: PostgreSQL keeps microseconds, so the position is the stored time exactly. */
    public static long micros(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
    }

    public static Instant atMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
    }
}
