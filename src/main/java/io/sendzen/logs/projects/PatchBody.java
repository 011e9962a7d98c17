package io.sendzen.logs.projects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Validation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A PATCH body: a field that is absent stays as it is, a field set to null is cleared (where that is allowed).
 * Typed records cannot tell the two apart, hence this reader over the JSON tree.
 */
final class PatchBody {

    private final ObjectNode node;
    private final Validation validation = new Validation();

    private PatchBody(ObjectNode node) {
        this.node = node;
    }

    static PatchBody of(JsonNode body, Set<String> fields) {
        if (body == null || body.isNull()) {
            throw ApiException.badRequest("body", "is required");
        }
        if (!(body instanceof ObjectNode object)) {
            throw ApiException.badRequest("body", "must be a JSON object");
        }
        PatchBody patch = new PatchBody(object);
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                patch.validation.add(name, "is not a known field");
            }
        }
        return patch;
    }

    boolean has(String field) {
        return node.has(field);
    }

    String string(String field, boolean nullable) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (!nullable && value != null) {
                validation.add(field, "must not be null");
            }
            return null;
        }
        if (!value.isTextual()) {
            validation.add(field, "must be a string");
            return null;
        }
        return value.textValue();
    }

    /** Null for an absent field and for an explicit null; the caller decides whether null is allowed. */
    Boolean bool(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            validation.add(field, "must be a boolean");
            return null;
        }
        return value.booleanValue();
    }

    Integer integer(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            validation.add(field, "must be an integer");
            return null;
        }
        return value.intValue();
    }

    List<String> strings(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            validation.add(field, "must be an array of strings");
            return null;
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                validation.add(field, "must be an array of strings");
                return null;
            }
            items.add(item.textValue());
        }
        return items;
    }

    Validation validation() {
        return validation;
    }
}
