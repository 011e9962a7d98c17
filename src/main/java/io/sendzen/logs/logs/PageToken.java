package io.sendzen.logs.logs;

import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Hashes;
import io.sendzen.logs.shared.SendzenConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The opaque {@code next_page_token}: the keyset position and the fixed upper bound, bound by an HMAC to the project
 * and to the filters it was issued for. Layout: version (1) | created_at (8) | log_id (8) | to_date (8) |
 * filter digest (8) | HMAC-SHA256 truncated (16), URL-safe base64. The first configured key signs, every key verifies.
 */
@ApplicationScoped
public class PageToken {

    public record Position(long createdAt, long logId, long toDate) {
    }

    private static final byte VERSION = 1;
    private static final int BODY = 1 + 8 + 8 + 8 + 8;
    private static final int MAC = 16;
    static final String PARAMETER = "nextPageToken";

    private final List<SecretKeySpec> keys;

    PageToken(SendzenConfig config) {
        this.keys = config.pageToken().keys().stream().map(PageToken::key).toList();
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

    public String issue(String projectId, LogFilter filter, Position position) {
        ByteBuffer body = ByteBuffer.allocate(BODY + MAC);
        body.put(VERSION).putLong(position.createdAt()).putLong(position.logId()).putLong(position.toDate())
                .put(filterDigest(filter));
        body.put(mac(keys.get(0), projectId, body.array(), BODY), 0, MAC);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(body.array());
    }

    /** The position carried by {@code token}; any failed check is a 400 naming the token. */
    public Position read(String token, String projectId, LogFilter filter) {
        byte[] bytes = decode(token);
        if (bytes == null || bytes.length != BODY + MAC) {
            throw invalid("is malformed");
        }
        if (bytes[0] != VERSION) {
            throw invalid("has an unknown version");
        }
        byte[] presented = Arrays.copyOfRange(bytes, BODY, BODY + MAC);
        boolean authentic = false;
        for (SecretKeySpec key : keys) {
            authentic |= MessageDigest.isEqual(presented, Arrays.copyOf(mac(key, projectId, bytes, BODY), MAC));
        }
        if (!authentic) {
            throw invalid("is not valid: altered, or issued for another project");
        }
        if (!MessageDigest.isEqual(Arrays.copyOfRange(bytes, 25, 33), filterDigest(filter))) {
            throw invalid("was issued for other filters: repeat the filters of the first page");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, 24);
        return new Position(buffer.getLong(), buffer.getLong(), buffer.getLong());
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

    private static byte[] filterDigest(LogFilter filter) {
        byte[] digest = Hashes.sha256().digest(filter.canonical().getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(digest, 8);
    }

    private static byte[] mac(SecretKeySpec key, String projectId, byte[] body, int length) {
        Mac mac = Hashes.hmacSha256(key);
        mac.update(projectId.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update(body, 0, length);
        return mac.doFinal();
    }

    private static ApiException invalid(String problem) {
        return ApiException.badRequest(PARAMETER, problem);
    }
}
