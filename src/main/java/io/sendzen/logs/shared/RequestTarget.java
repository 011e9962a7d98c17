package io.sendzen.logs.shared;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The request target (path and query) exactly as sent, checked before anything decodes it: it must be a URI
 * reference, every {@code %} must start an escape of two hexadecimal digits, and none may be {@code %00}.
 */
final class RequestTarget {

    static final String MALFORMED_ESCAPE = "contains a malformed percent-escape: '%' must be followed by two "
            + "hexadecimal digits";

    /** PostgreSQL's text cannot hold U+0000, and no identifier, URL or filter value has one. */
    static final String CONTAINS_NUL = "must not contain a NUL character (%00)";

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
            if (target.charAt(at + 1) == '0' && target.charAt(at + 2) == '0') {
                return Optional.of(new Problem(nameAt(target, at), CONTAINS_NUL));
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

    /** The query parameter whose name or value holds {@code index}, or the part of the target. */
    private static String nameAt(String target, int index) {
        String part = partAt(target, index);
        if (!part.equals("query")) {
            return part;
        }
        int start = Math.max(target.lastIndexOf('&', index), target.indexOf('?')) + 1;
        int equals = target.indexOf('=', start);
        if (equals < 0 || equals > index) {
            return part; // the NUL is in the name itself
        }
        String name = target.substring(start, equals);
        return name.isEmpty() || name.indexOf('%') >= 0 ? part : name;
    }

    private static String partAt(String target, int index) {
        int query = target.indexOf('?');
        return query >= 0 && index > query ? "query" : "path";
    }
}
