package io.sendzen.logs.logs;

import io.sendzen.logs.shared.ApiException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Any query string gives a filter or a 400 naming what is wrong, never another exception. */
class LogFilterParserPropertyTest {

    private static final List<String> NAMES = List.of("eventTypes", "fromDate", "toDate", "phoneNumberId", "url",
            "pageSize", "nextPageToken", "order", "status", "messageId", "waId", "errorCode", "flyoutStatus",
            "responseCode", "bogus");

    @Property(tries = 5000)
    void anyQueryIsAFilterOrA400(@ForAll("queries") Map<String, List<String>> query) {
        MultivaluedMap<String, String> params = new MultivaluedHashMap<>();
        query.forEach(params::put);
        try {
            LogFilter filter = LogFilterParser.parse(params);
            assertFalse(filter.pageSize() < 1);
        } catch (ApiException e) {
            assertEquals(400, e.status());
            assertFalse(e.problems().isEmpty());
        }
    }

    @Provide
    Arbitrary<Map<String, List<String>>> queries() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("Message Status", "Incoming Message", "Other", "sent,read", "asc", "desc", "-", "",
                        "638400000000000000", "99999999999999999999999", "-1", "0", "1e3", "500", "2xx", " 200 ",
                        "\u0000", "%00", "é", "\ud800"),
                Arbitraries.strings().withChars("0123456789").ofMinLength(17).ofMaxLength(21));
        return Arbitraries.maps(Arbitraries.of(NAMES), value.list().ofMinSize(1).ofMaxSize(3)).ofMaxSize(8);
    }
}
