package io.sendzen.logs.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON document parsed into nodes that remember where they stand in the original bytes, so that parts of a webhook
 * can be stored exactly as Meta sent them (escapes, key order and spacing included).
 */
final class RawJson {

    static final int MAX_DEPTH = 128;

    sealed interface Node permits Obj, Arr, Str, Scalar {
        int start();

        int end();
    }

    record Member(Str key, Node value) {
        String name() {
            return key.value();
        }
    }

    record Obj(int start, int end, List<Member> members) implements Node {
        Node get(String name) {
            Node found = null;
            for (Member m : members) {
                if (m.name().equals(name)) {
                    found = m.value();
                }
            }
            return found;
        }
    }

    record Arr(int start, int end, List<Node> items) implements Node {
    }

    /** A string; {@code value} is its decoded text. */
    record Str(int start, int end, String value) implements Node {
    }

    /** A number, true, false or null, kept as its source text. */
    record Scalar(int start, int end, String text) implements Node {
    }

    static final class InvalidJson extends Exception {
        InvalidJson(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] bytes;
    private int pos;

    private RawJson(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parses a whole document, which must be UTF-8 JSON with nothing after the value but white space. */
    static Node parse(byte[] bytes) throws InvalidJson {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new InvalidJson("is not valid UTF-8");
        }
        RawJson parser = new RawJson(bytes);
        parser.skipBom();
        Node root = parser.value(0);
        parser.skipSpace();
        if (parser.pos != bytes.length) {
            throw new InvalidJson("has text after the JSON value at byte " + parser.pos);
        }
        return root;
    }

    private void skipBom() {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            pos = 3;
        }
    }

    private Node value(int depth) throws InvalidJson {
        if (depth > MAX_DEPTH) {
            throw new InvalidJson("is nested deeper than " + MAX_DEPTH + " levels");
        }
        skipSpace();
        if (pos >= bytes.length) {
            throw new InvalidJson("ends before a value");
        }
        return switch (bytes[pos]) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            default -> scalar();
        };
    }

    private Obj object(int depth) throws InvalidJson {
        int start = pos++;
        List<Member> members = new ArrayList<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return new Obj(start, pos, members);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw unexpected("a field name");
            }
            Str key = string();
            skipSpace();
            expect(':');
            members.add(new Member(key, value(depth + 1)));
            skipSpace();
            byte b = peek();
            pos++;
            if (b == '}') {
                return new Obj(start, pos, members);
            }
            if (b != ',') {
                pos--;
                throw unexpected("',' or '}'");
            }
        }
    }

    private Arr array(int depth) throws InvalidJson {
        int start = pos++;
        List<Node> items = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return new Arr(start, pos, items);
        }
        while (true) {
            items.add(value(depth + 1));
            skipSpace();
            byte b = peek();
            pos++;
            if (b == ']') {
                return new Arr(start, pos, items);
            }
            if (b != ',') {
                pos--;
                throw unexpected("',' or ']'");
            }
        }
    }

    private Str string() throws InvalidJson {
        int start = pos++;
        StringBuilder text = null;
        int runStart = pos;
        while (true) {
            if (pos >= bytes.length) {
                throw new InvalidJson("ends inside a string");
            }
            byte b = bytes[pos];
            if (b == '"') {
                String value;
                if (text == null) {
                    value = new String(bytes, runStart, pos - runStart, StandardCharsets.UTF_8);
                } else {
                    text.append(new String(bytes, runStart, pos - runStart, StandardCharsets.UTF_8));
                    value = text.toString();
                }
                pos++;
                return new Str(start, pos, value);
            }
            if ((b & 0xff) < 0x20) {
                throw new InvalidJson("has a control character inside a string at byte " + pos);
            }
            if (b == '\\') {
                if (text == null) {
                    text = new StringBuilder();
                }
                text.append(new String(bytes, runStart, pos - runStart, StandardCharsets.UTF_8));
                pos++;
                text.append(escape());
                runStart = pos;
            } else {
                pos++;
            }
        }
    }

    private char escape() throws InvalidJson {
        if (pos >= bytes.length) {
            throw new InvalidJson("ends inside an escape");
        }
        byte b = bytes[pos++];
        return switch (b) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                if (pos + 4 > bytes.length) {
                    throw new InvalidJson("ends inside a \\u escape");
                }
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(bytes[pos++], 16);
                    if (digit < 0) {
                        throw new InvalidJson("has a bad \\u escape at byte " + (pos - 1));
                    }
                    code = code * 16 + digit;
                }
                yield (char) code;
            }
            default -> throw new InvalidJson("has an unknown escape at byte " + (pos - 1));
        };
    }

    private Scalar scalar() throws InvalidJson {
        int start = pos;
        for (String literal : new String[]{"true", "false", "null"}) {
            if (matches(literal)) {
                pos += literal.length();
                return new Scalar(start, pos, literal);
            }
        }
        if (peek() == '-') {
            pos++;
        }
        int digits = digits();
        if (digits == 0 || (digits > 1 && bytes[pos - digits] == '0')) {
            pos = start;
            throw unexpected("a value");
        }
        if (pos < bytes.length && bytes[pos] == '.') {
            pos++;
            if (digits() == 0) {
                throw unexpected("a digit");
            }
        }
        if (pos < bytes.length && (bytes[pos] == 'e' || bytes[pos] == 'E')) {
            pos++;
            if (pos < bytes.length && (bytes[pos] == '+' || bytes[pos] == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw unexpected("a digit");
            }
        }
        return new Scalar(start, pos, new String(bytes, start, pos - start, StandardCharsets.US_ASCII));
    }

    private int digits() {
        int n = 0;
        while (pos < bytes.length && bytes[pos] >= '0' && bytes[pos] <= '9') {
            pos++;
            n++;
        }
        return n;
    }

    private boolean matches(String literal) {
        if (pos + literal.length() > bytes.length) {
            return false;
        }
        for (int i = 0; i < literal.length(); i++) {
            if (bytes[pos + i] != literal.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void skipSpace() {
        while (pos < bytes.length) {
            byte b = bytes[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    private byte peek() throws InvalidJson {
        if (pos >= bytes.length) {
            throw new InvalidJson("ends unexpectedly");
        }
        return bytes[pos];
    }

    private void expect(char c) throws InvalidJson {
        if (peek() != c) {
            throw unexpected("'" + c + "'");
        }
        pos++;
    }

    private InvalidJson unexpected(String wanted) {
        return new InvalidJson("expected " + wanted + " at byte " + pos);
    }
}
