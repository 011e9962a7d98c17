package io.sendzen.logs.shared;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The request target (path and query) exactly as sent, checked before anything decodes it: it must be a URI
 * reference, and every {@code %} must start an escape of two hexadecimal digits.
 */
final class RequestTarget {

    static final String MALFORMED_ESCAPE = "contains a malformed percent-escape: '%' must be followed by two "
            + "hexadecimal digits";

    private RequestTarget() {
    }

    /** What is wrong with {@code target}, naming the part it is in ({@code path} or {@code query}); empty if nothing. */
    static Optional<Problem> problem(String target) {
        if (target == null) {
            return Optional.of(new Problem("path", "is missing"));
        }
        for (int at = target.indexOf('%'); at >= 0; at = target.indexOf('%', at + 1)) {
            if (at + 2 >= target.length() || !HexFormat.isHexDigit(target.charAt(at + 1))
                    || !HexFormat.isHexDigit(target.charAt(at + 2))) {
                return Optional.of(new Problem(partAt(target, at), MALFORMED_ESCAPE));
            }
        }
        try {
            new URI(target);
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of(new Problem(partAt(target, e.getIndex()),
                    "is not a valid URI: " + e.getReason().toLowerCase(Locale.ROOT)));
        }
    }

    private static String partAt(String target, int index) {
        int query = target.indexOf('?');
        return query >= 0 && index > query ? "query" : "path";
    }
}
