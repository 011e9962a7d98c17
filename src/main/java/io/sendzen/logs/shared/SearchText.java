package io.sendzen.logs.shared;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The words of free-text search, made the same way when an event is stored and when {@code q} is read: lower case,
 * accents and other marks taken off (NFKD), split into runs of letters and digits. Done here rather than by
 * PostgreSQL's {@code unaccent}, an extension a database of the operator's own may not have. An event's words are
 * stored as a {@code tsvector} of exactly these lexemes (plus {@code =}id for its message id and wa_id, which no word
 * can collide with), so a query is a {@code tsquery} of quoted lexemes that no parser or dictionary changes.
 */
public final class SearchText {

    /** Longer words are cut to this length on both sides (a lexeme may not exceed 2 KiB). */
    static final int MAX_WORD = 64;
    /** The distinct words kept per event: a caption or an error detail is far shorter. */
    static final int MAX_WORDS = 512;
    static final int MAX_ID = 256;
    public static final int MAX_QUERY_WORDS = 32;
    /** The form of a pricing category (marketing, utility, authentication, service, and those Meta adds). */
    public static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private SearchText() {
    }

    /** The words of {@code text}, normalized, in order (repeats included). */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return words;
        }
        String folded = fold(text);
        int start = -1;
        for (int i = 0; i <= folded.length(); ) {
            int cp = i < folded.length() ? folded.codePointAt(i) : ' ';
            boolean part = i < folded.length() && Character.isLetterOrDigit(cp);
            if (part && start < 0) {
                start = i;
            } else if (!part && start >= 0) {
                words.add(cut(folded.substring(start, i)));
                start = -1;
            }
            i += i < folded.length() ? Character.charCount(cp) : 1;
        }
        return words;
    }

    private static String fold(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        String stripped = MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFKD)).replaceAll("");
        StringBuilder out = null;
        for (int i = 0; i < stripped.length(); i++) {
            String replacement = switch (stripped.charAt(i)) {
                // letters with no decomposition into a base letter and a mark
                case 'ß' -> "ss";
                case 'æ' -> "ae";
                case 'œ' -> "oe";
                case 'ø' -> "o";
                case 'đ', 'ð' -> "d";
                case 'ł' -> "l";
                case 'ħ' -> "h";
                case 'ı' -> "i";
                case 'þ' -> "th";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(stripped.length() + 8).append(stripped, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(stripped.charAt(i));
                }
            }
        }
        return out == null ? stripped : out.toString();
    }

    private static String cut(String word) {
        if (word.length() <= MAX_WORD) {
            return word;
        }
        int end = Character.isHighSurrogate(word.charAt(MAX_WORD - 1)) ? MAX_WORD - 1 : MAX_WORD;
        return word.substring(0, end);
    }

    /** Collects the searchable text of one event. */
    public static final class Document {
        private final Set<String> words = new LinkedHashSet<>();

        public Document add(String text) {
            if (text != null) {
                for (String word : words(text)) {
                    if (words.size() >= MAX_WORDS) {
                        break;
                    }
                    words.add(word);
                }
            }
            return this;
        }

        /**
         * The lexemes separated by single spaces (the ingest write splits them into a {@code tsvector}): the words,
         * then {@code =messageId} and {@code =waId}, which only an exact id in {@code q} matches.
         */
        public String lexemes(String messageId, String waId) {
            StringBuilder out = new StringBuilder();
            for (String word : words) {
                out.append(out.isEmpty() ? "" : " ").append(word);
            }
            for (String id : new String[]{messageId, waId}) {
                if (usableId(id)) {
                    out.append(out.isEmpty() ? "" : " ").append('=').append(id);
                }
            }
            return out.toString();
        }
    }

    private static boolean usableId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isWhitespace(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code q} as a {@code tsquery}: every word must match, the last one as a prefix; a word that is a message id
     * ({@code wamid.…}) or digits only also matches an entry whose message id or wa_id it is exactly. Null when
     * {@code q} has no word at all; more than {@link #MAX_QUERY_WORDS} words is an {@link IllegalArgumentException}.
     */
    public static String query(String q) {
        List<String> tokens = new ArrayList<>();
        for (String token : q.trim().split("\\s+")) {
            if (!token.isEmpty() && (isId(token) || !words(token).isEmpty())) {
                tokens.add(token);
            }
        }
        if (tokens.isEmpty()) {
            return null;
        }
        if (tokens.size() > MAX_QUERY_WORDS) {
            throw new IllegalArgumentException("at most " + MAX_QUERY_WORDS + " words");
        }
        List<String> terms = new ArrayList<>();
        for (int t = 0; t < tokens.size(); t++) {
            String token = tokens.get(t);
            boolean last = t == tokens.size() - 1;
            List<String> pieces = words(token);
            List<String> matches = new ArrayList<>();
            for (int p = 0; p < pieces.size(); p++) {
                boolean prefix = last && p == pieces.size() - 1;
                matches.add(lexeme(pieces.get(p)) + (prefix ? ":*" : ""));
            }
            String text = String.join(" & ", matches);
            if (isId(token) && usableId(token)) {
                terms.add("(" + lexeme("=" + token) + (text.isEmpty() ? "" : " | (" + text + ")") + ")");
            } else {
                terms.add(pieces.size() == 1 ? text : "(" + text + ")");
            }
        }
        return String.join(" & ", terms);
    }

    private static boolean isId(String token) {
        return DIGITS.matcher(token).matches() || token.regionMatches(true, 0, "wamid.", 0, 6);
    }

    /** A quoted lexeme of the tsquery input syntax: quotes and backslashes doubled. */
    private static String lexeme(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
