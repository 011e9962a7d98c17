package io.sendzen.logs.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.sendzen.logs.ingest.RawJson.Arr;
import io.sendzen.logs.ingest.RawJson.Member;
import io.sendzen.logs.ingest.RawJson.Node;
import io.sendzen.logs.ingest.RawJson.Obj;
import io.sendzen.logs.ingest.RawJson.Scalar;
import io.sendzen.logs.ingest.RawJson.Str;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The tree {@link RawJson} builds, built instead from Jackson's streaming parser and the byte offsets it reports:
 * the candidate {@code RawJson} was measured against (ParserComparison). Not used by the service.
 */
final class JacksonNodes {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(RawJson.MAX_DEPTH + 1).build())
            .build();

    private JacksonNodes() {
    }

    static Node parse(byte[] bytes) throws RawJson.InvalidJson {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            if (parser.nextToken() == null) {
                throw new RawJson.InvalidJson("ends before a value");
            }
            Node root = value(parser, bytes);
            if (parser.nextToken() != null) {
                throw new RawJson.InvalidJson("has text after the JSON value");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new RawJson.InvalidJson(e.getOriginalMessage());
        } catch (IOException e) {
            throw new RawJson.InvalidJson(e.getMessage());
        }
    }

    private static Node value(JsonParser parser, byte[] bytes) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                List<Member> members = new ArrayList<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    int keyStart = (int) parser.currentTokenLocation().getByteOffset();
                    String name = parser.currentName();
                    int keyEnd = (int) parser.currentLocation().getByteOffset();
                    // Jackson has read past the colon, and into the value's first token (a number, a literal, a
                    // quote or a bracket, none of which holds a colon): back to the colon, then to the key's quote
                    while (bytes[keyEnd - 1] != ':') {
                        keyEnd--;
                    }
                    while (bytes[keyEnd - 1] != '"') {
                        keyEnd--;
                    }
                    parser.nextToken();
                    members.add(new Member(new Str(keyStart, keyEnd, name), value(parser, bytes)));
                }
                return new Obj(start, (int) parser.currentLocation().getByteOffset(), members);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(parser, bytes));
                }
                return new Arr(start, (int) parser.currentLocation().getByteOffset(), items);
            }
            case VALUE_STRING -> {
                String text = parser.getText();
                return new Str(start, (int) parser.currentLocation().getByteOffset(), text);
            }
            default -> {
                if (token.isNumeric()) {
                    parser.getNumberType();
                }
                int end = (int) parser.currentLocation().getByteOffset();
                return new Scalar(start, end, new String(bytes, start, end - start, StandardCharsets.US_ASCII));
            }
        }
    }
}
