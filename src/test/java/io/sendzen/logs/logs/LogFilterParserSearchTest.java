package io.sendzen.logs.logs;

import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.store.EntryFilter;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The search and screen filters as {@link LogFilterParser} reads them. */
class LogFilterParserSearchTest {

    private static EntryFilter parse(String... pairs) {
        MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.add(pairs[i], pairs[i + 1]);
        }
        return LogFilterParser.parse(query).entries();
    }

    @Test
    void responseCodeClassIsItsFirstDigit() {
        EntryFilter filter = parse("responseCode", " 4XX ");
        assertEquals(4, filter.responseClass());
        assertNull(filter.responseCode());
    }

    @Test
    void responseCodeNumberStaysACode() {
        EntryFilter filter = parse("responseCode", "404");
        assertEquals(404, filter.responseCode());
        assertNull(filter.responseClass());
    }

    @Test
    void categoryIsLowerCased() {
        assertEquals("marketing", parse("category", " Marketing ").category());
    }

    @Test
    void templateNameIsKeptExactly() {
        assertEquals("Order_Update", parse("templateName", "Order_Update").templateName());
    }

    @Test
    void qIsKeptAsGiven() {
        assertEquals("Café  x", parse("q", "Café  x").q());
    }

    @Test
    void searchFiltersChangeTheCanonicalForm() {
        String plain = parse().canonical();
        assertNotEquals(plain, parse("q", "a").canonical());
        assertNotEquals(parse("q", "a").canonical(), parse("q", "b").canonical());
        assertNotEquals(parse("category", "utility").canonical(), parse("templateName", "utility").canonical());
        assertNotEquals(parse("responseCode", "5xx").canonical(), parse("responseCode", "500").canonical());
    }

    @Test
    void filterWithoutSearchFiltersKeepsItsFormerCanonicalForm() {
        assertEquals(String.join("\u0001", "", "0", "null", "null", "null", "", "null", "null", "null", "null", "null"),
                parse().canonical());
    }

    @Test
    void badValuesAreRejected() {
        assertThrows(ApiException.class, () -> parse("q", "--"));
        assertThrows(ApiException.class, () -> parse("category", "a\u0007b"));
        assertThrows(ApiException.class, () -> parse("responseCode", "7xx"));
        assertThrows(ApiException.class, () -> parse("templateName", " "));
    }
}
