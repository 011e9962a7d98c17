package io.sendzen.logs.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sendzen.logs.shared.EventType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the detail of an entry shows of its event, read from the stored payload (Meta's envelope reduced to the event):
 * a key is left out where the event has no such field.
 */
final class EventFields {

    private EventFields() {
    }

    /**
     * What an outgoing record shows of its send: the message id and recipient Meta answered with, the type, the
     * template, and Meta's error explained as a status's errors are.
     */
    static Map<String, Object> outgoing(ObjectMapper json, String payload, String apiResponse) {
        Map<String, Object> fields = new LinkedHashMap<>();
        JsonNode request = tree(json, payload);
        JsonNode answer = tree(json, apiResponse);
        putText(fields, "message_id", answer.path("messages").path(0).path("id"));
        JsonNode waId = answer.path("contacts").path(0).path("wa_id");
        putText(fields, "wa_id", waId.isMissingNode() ? request.path("to") : waId);
        putText(fields, "type", request.path("type"));
        Map<String, Object> template = new LinkedHashMap<>();
        putText(template, "name", request.path("template").path("name"));
        putText(template, "language", request.path("template").path("language").path("code"));
        putGroup(fields, "template", template);
        if (answer.path("error").isObject()) {
            JsonNode error = answer.path("error");
            // Meta's error object names its title in error_user_title, its text in message
            ObjectNode shown = json.createObjectNode();
            shown.set("code", error.path("code"));
            if (error.path("error_user_title").isTextual()) {
                shown.set("title", error.path("error_user_title"));
            }
            shown.set("message", error.path("message"));
            shown.set("error_data", error.path("error_data"));
            fields.put("errors", errors(json.createArrayNode().add(shown)));
        }
        return fields;
    }

    private static JsonNode tree(ObjectMapper json, String text) {
        if (text == null) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = json.readTree(text);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    static Map<String, Object> of(ObjectMapper json, EventType type, String payload) {
        Map<String, Object> fields = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (JsonProcessingException e) {
            // an Other entry may hold a body that is not what Meta documents; it has no fields to show
            return fields;
        }
        if (root == null) {
            return fields;
        }
        JsonNode entry = root.path("entry").path(0);
        JsonNode value = entry.path("changes").path(0).path("value");
        JsonNode item = switch (type) {
            case MESSAGE_STATUS -> value.path("statuses").path(0);
            case INCOMING_MESSAGE -> value.path("messages").path(0);
            case OTHER, OUTGOING_MESSAGE -> value;
        };
        putText(fields, "waba_id", entry.path("id"));
        putText(fields, "display_phone_number", value.path("metadata").path("display_phone_number"));
        if (type != EventType.OTHER) {
            putText(fields, "message_id", item.path("id"));
        }
        if (type == EventType.MESSAGE_STATUS) {
            putText(fields, "status", item.path("status"));
        }
        putText(fields, "wa_id", type == EventType.MESSAGE_STATUS ? item.path("recipient_id") : item.path("from"));
        JsonNode timestamp = type == EventType.OTHER ? entry.path("time") : item.path("timestamp");
        if (timestamp.isIntegralNumber() || timestamp.isTextual() && timestamp.asText().matches("[0-9]{1,18}")) {
            fields.put("timestamp", timestamp.asLong());
        }
        Map<String, Object> pricing = new LinkedHashMap<>();
        putText(pricing, "category", item.path("pricing").path("category"));
        if (item.path("pricing").path("billable").isBoolean()) {
            pricing.put("billable", item.path("pricing").path("billable").asBoolean());
        }
        putGroup(fields, "pricing", pricing);
        Map<String, Object> conversation = new LinkedHashMap<>();
        putText(conversation, "id", item.path("conversation").path("id"));
        putText(conversation, "origin", item.path("conversation").path("origin").path("type"));
        putGroup(fields, "conversation", conversation);
        Map<String, Object> template = new LinkedHashMap<>();
        putText(template, "name", value.path("message_template_name"));
        putText(template, "language", value.path("message_template_language"));
        putGroup(fields, "template", template);
        JsonNode errors = item.path("errors").isArray() ? item.path("errors") : value.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            fields.put("errors", errors(errors));
        }
        return fields;
    }

    private static List<Map<String, Object>> errors(JsonNode errors) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (JsonNode error : errors) {
            Map<String, Object> e = new LinkedHashMap<>();
            JsonNode code = error.path("code");
            Integer number = code.canConvertToInt() && code.isIntegralNumber() ? Integer.valueOf(code.asInt())
                    : code.isTextual() && code.asText().matches("-?[0-9]{1,9}") ? Integer.valueOf(code.asText()) : null;
            MetaErrorCodes.Explanation known = number == null ? null : MetaErrorCodes.explain(number).orElse(null);
            e.put("code", number);
            e.put("title", error.path("title").isTextual() ? error.path("title").asText()
                    : known == null ? null : known.title());
            JsonNode details = error.path("error_data").path("details");
            e.put("details", details.isTextual() ? details.asText()
                    : error.path("message").isTextual() ? error.path("message").asText() : null);
            e.put("meaning", known == null ? null : known.meaning());
            e.put("action", known == null ? null : known.action());
            list.add(e);
        }
        return list;
    }

    private static void putText(Map<String, Object> into, String key, JsonNode node) {
        if (node.isTextual() || node.isNumber()) {
            into.put(key, node.asText());
        }
    }

    private static void putGroup(Map<String, Object> into, String key, Map<String, Object> group) {
        if (!group.isEmpty()) {
            into.put(key, group);
        }
    }
}
