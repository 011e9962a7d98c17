package io.sendzen.logs.ingest;

import io.sendzen.logs.support.Meta;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Any body is split into events or refused as not JSON, never another exception; Jackson agrees on which. */
class EventSplitterPropertyTest {

    @Property(tries = 5000)
    void anyBytesAreEventsOrInvalidJson(@ForAll("bodies") byte[] body) {
        List<SplitEvent> events;
        try {
            events = EventSplitter.split(body);
        } catch (RawJson.InvalidJson e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertFalse(events.isEmpty());
        for (SplitEvent event : events) {
            assertNotNull(event.payload());
            assertEquals(32, event.digest().length);
            assertFalse(event.payload().isEmpty());
        }
    }

    @Property(tries = 3000)
    void rawJsonAndJacksonAgreeOnWhatIsJson(@ForAll("bodies") byte[] body) {
        boolean raw;
        boolean jackson;
        try {
            RawJson.parse(body);
            raw = true;
        } catch (RawJson.InvalidJson e) {
            raw = false;
        }
        try {
            JacksonNodes.parse(body);
            jackson = true;
        } catch (RawJson.InvalidJson e) {
            jackson = false;
        }
        if (raw) {
            // Jackson is the laxer one on a few inputs (it reads past some invalid UTF-8 in names); never stricter
            assertEquals(true, jackson, new String(body, StandardCharsets.UTF_8));
        }
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        String status = Meta.status("wamid.x", "sent", "1");
        String valid = Meta.statuses("1", "2", status, status);
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.strings().all().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                // Meta's shape, cut or altered at one place
                Arbitraries.integers().between(0, valid.length() - 1).flatMap(at -> Arbitraries.of(
                        valid.substring(0, at),
                        valid.substring(0, at) + valid.substring(at + 1),
                        valid.substring(0, at) + "\"" + valid.substring(at),
                        valid.substring(0, at) + "[]" + valid.substring(at),
                        valid.substring(0, at) + "\\u0000" + valid.substring(at)))
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(1, 300).map(depth -> ("{\"entry\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
                        .getBytes(StandardCharsets.UTF_8)));
    }
}
