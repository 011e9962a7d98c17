package io.sendzen.logs.ingest;

import io.sendzen.logs.ingest.RawJson.Arr;
import io.sendzen.logs.ingest.RawJson.InvalidJson;
import io.sendzen.logs.ingest.RawJson.Node;
import io.sendzen.logs.ingest.RawJson.Obj;
import io.sendzen.logs.ingest.RawJson.Scalar;
import io.sendzen.logs.ingest.RawJson.Str;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The parser that keeps where each value stands in the bytes. */
class RawJsonTest {

    private static Node parse(String text) throws InvalidJson {
        return RawJson.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String source(String text, Node node) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new String(bytes, node.start(), node.end() - node.start(), StandardCharsets.UTF_8);
    }

    @Test
    void everyNodeSpansItsOwnBytesExactly() throws InvalidJson {
        String text = " { \"a\" : [ 1 , -2.5e+3 , true , null ] ,\"b\":{ \"c\" : \"d\\\"e\" }, \"é\":\"€\" } ";
        Obj root = assertInstanceOf(Obj.class, parse(text));
        assertEquals(text.trim(), source(text, root));
        Arr a = assertInstanceOf(Arr.class, root.get("a"));
        assertEquals("[ 1 , -2.5e+3 , true , null ]", source(text, a));
        assertEquals("-2.5e+3", ((Scalar) a.items().get(1)).text());
        assertEquals("-2.5e+3", source(text, a.items().get(1)));
        Obj b = assertInstanceOf(Obj.class, root.get("b"));
        Str c = assertInstanceOf(Str.class, b.get("c"));
        assertEquals("\"d\\\"e\"", source(text, c), "a string spans its quotes and its escapes as sent");
        assertEquals("d\"e", c.value());
        assertEquals("\"€\"", source(text, root.get("é")), "offsets are of bytes, past multi-byte characters");
        assertEquals("\"a\"", source(text, root.members().get(0).key()));
    }

    @Test
    void escapesAreDecodedIncludingSurrogatePairs() throws InvalidJson {
        Str s = assertInstanceOf(Str.class, parse("\"caf\\u00e9 \\ud83d\\ude00 \\/\\\\\\b\\f\\n\\r\\t\""));
        assertEquals("café 😀 /\\\b\f\n\r\t", s.value());
    }

    @Test
    void aRepeatedNameReadsAsItsLastValue() throws InvalidJson {
        Obj o = assertInstanceOf(Obj.class, parse("{\"k\":1,\"k\":2}"));
        assertEquals("2", ((Scalar) o.get("k")).text());
        assertEquals(2, o.members().size(), "both stay in the tree, as in the bytes");
        assertNull(o.get("absent"));
    }

    @Test
    void aByteOrderMarkIsSkipped() throws InvalidJson {
        byte[] bytes = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '[', ']'};
        Node root = RawJson.parse(bytes);
        assertEquals(3, root.start());
        assertEquals(5, root.end());
    }

    @Test
    void nestingIsBoundedAt128Levels() throws InvalidJson {
        parse("[".repeat(RawJson.MAX_DEPTH + 1) + "]".repeat(RawJson.MAX_DEPTH + 1));
        InvalidJson e = assertThrows(InvalidJson.class,
                () -> parse("[".repeat(RawJson.MAX_DEPTH + 2) + "]".repeat(RawJson.MAX_DEPTH + 2)));
        assertEquals("is nested deeper than 128 levels", e.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        InvalidJson e = assertThrows(InvalidJson.class, () -> RawJson.parse(new byte[]{'"', (byte) 0xc3, '"'}));
        assertEquals("is not valid UTF-8", e.getMessage());
        assertThrows(InvalidJson.class, () -> RawJson.parse(new byte[]{'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}),
                "an encoded surrogate is not UTF-8");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                  | ends before a value",
            "'   '               | ends before a value",
            "'{\"a\":1'          | ends unexpectedly",
            "'{\"a\" 1}'         | expected ':' at byte 5",
            "'{a:1}'             | expected a field name at byte 1",
            "'{\"a\":1,}'        | expected a field name at byte 7",
            "'[1 2]'             | expected ',' or ']' at byte 3",
            "'{\"a\":1 \"b\":2}' | expected ',' or '}' at byte 7",
            "'[01]'              | expected a value at byte 1",
            "'[1.]'              | expected a digit at byte 3",
            "'[1e]'              | expected a digit at byte 3",
            "'[-]'               | expected a value at byte 1",
            "'[tru]'             | expected a value at byte 1",
            "'\"abc'             | ends inside a string",
            "'\"a\\qb\"'         | has an unknown escape at byte 3",
            "'\"\\u12G4\"'       | has a bad \\u escape at byte 5",
            "'\"\\u12'           | ends inside a \\u escape",
            "'{} {}'             | has text after the JSON value at byte 3",
    })
    void malformedDocumentsAreRefusedSayingWhereAndWhy(String text, String message) {
        InvalidJson e = assertThrows(InvalidJson.class, () -> parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aControlCharacterInsideAStringIsRefused() {
        InvalidJson e = assertThrows(InvalidJson.class, () -> parse("\"a\nb\""));
        assertEquals("has a control character inside a string at byte 2", e.getMessage());
    }

    @Test
    void jacksonBuildsTheSameTree() throws InvalidJson {
        String text = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"value\":"
                + "{\"n\":-1.5E-3,\"t\":true,\"z\":null,\"s\":\"caf\\u00e9 😀\"},\"field\":\"messages\"}]}], \"e\" : [ ] }";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(RawJson.parse(bytes), JacksonNodes.parse(bytes));
    }
}
