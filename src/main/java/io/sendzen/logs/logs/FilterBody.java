package io.sendzen.logs.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Problem;
import io.sendzen.logs.shared.Validation;
import io.sendzen.logs.store.EntryFilter;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filter} of a bulk request (delete, redeliver): the query parameters of {@code GET /v1/logs} as a JSON object, read by the
 * same {@link LogFilterParser}, so the same values are valid and every problem has the same text (its parameter
 * prefixed {@code filter.}).
 */
public final class FilterBody {

    /** The filters of {@code GET /v1/logs}; paging and order select no entries. */
    static final List<String> NAMES = List.of("eventTypes", "fromDate", "toDate", "phoneNumberId", "url", "status",
            "messageId", "waId", "errorCode", "flyoutStatus", "responseCode", "q", "category", "templateName", "direction",
            "tag.name", "tag.recipient_type");
    /** Filters that take several values: a JSON array of strings, or a string with commas, as in a query. */
    private static final Set<String> LISTS = Set.of("eventTypes", "status");

    private FilterBody() {
    }

    /** The entries the filter selects; 400 naming each problem. */
    public static EntryFilter parse(ObjectNode filter) {
        Validation validation = new Validation();
        MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = filter.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            String parameter = "filter." + name;
            if (!NAMES.contains(name)) {
                validation.add(parameter, "is not a filter (" + String.join(", ", NAMES) + ")");
            } else if (value.isTextual() || value.isIntegralNumber()) {
                query.add(name, value.asText());
            } else if (value.isArray() && LISTS.contains(name)) {
                for (JsonNode item : value) {
                    if (item.isTextual()) {
                        query.add(name, item.asText());
                    } else {
                        validation.add(parameter, "must be an array of strings");
                        break;
                    }
                }
                if (value.isEmpty()) {
                    validation.add(parameter, "must not be empty");
                }
            } else {
                validation.add(parameter, LISTS.contains(name) ? "must be a string or an array of strings"
                        : "must be a string or an integer");
            }
        }
        validation.throwIfAny();
        try {
            return LogFilterParser.parse(query).entries();
        } catch (ApiException e) {
            if (e.status() != 400) {
                throw e;
            }
            throw ApiException.badRequest(e.problems().stream()
                    .map(p -> new Problem("filter." + p.parameter(), p.problem())).toList());
        }
    }
}
