package io.sendzen.logs.outgoing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sendzen.logs.logs.LogFilterParser;
import io.sendzen.logs.shared.Validation;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/messages} read by hand, so that every problem is a 400 naming its field before anything
 * goes to Meta, and turned into the request the Cloud API takes: {@code messaging_product}, {@code recipient_type},
 * {@code to}, {@code type} and the object of that type, SendZen's template form ({@code lang_code}) translated.
 */
public record OutgoingMessage(String from, String to, String type, ObjectNode cloudRequest, Tags tags) {

    /** The tags a send is found by later: {@code category}, {@code name}, {@code recipient_type}; each may be null. */
    public record Tags(String category, String name, String recipientType) {
        static final Tags NONE = new Tags(null, null, null);

        boolean empty() {
            return category == null && name == null && recipientType == null;
        }
    }

    public static final List<String> TYPES = List.of("text", "template", "image", "video", "audio", "document",
            "sticker", "location", "contacts", "interactive", "reaction");
    /** Top-level fields of the Cloud API's request that a send may carry as they are. */
    private static final Set<String> PASSED = Set.of("context", "biz_opaque_callback_data");
    /** A wa_id or phone number: digits, a leading + allowed, as the Cloud API takes {@code to}. */
    static final Pattern PHONE = Pattern.compile("\\+?[0-9]{5,20}");
    private static final int MAX_FROM = 64;

    /** The Cloud API's {@code template.name}: the template that the request names, or null. */
    public String templateName() {
        JsonNode name = cloudRequest.path("template").path("name");
        return name.isTextual() ? name.asText() : null;
    }

    /** Reads {@code body}; a 400 naming every problem. */
    static OutgoingMessage parse(ObjectMapper json, JsonNode body) {
        Validation validation = new Validation();
        if (body == null || body.isNull() || body.isMissingNode()) {
            validation.add("body", "is required: a JSON object with from, to and type").throwIfAny();
        }
        if (!body.isObject()) {
            validation.add("body", "must be a JSON object").throwIfAny();
        }
        String from = text(validation, body, "from");
        if (from != null && (from.isBlank() || from.length() > MAX_FROM)) {
            validation.add("from", "must be the phone_number_id or display phone number of one of the project's numbers");
            from = null;
        }
        String to = phone(validation, body, "to");
        String type = text(validation, body, "type");
        if (type != null && !TYPES.contains(type)) {
            validation.add("type", "unknown message type '" + clip(type) + "' (" + String.join(", ", TYPES) + ")");
            type = null;
        }
        ObjectNode request = json.createObjectNode();
        request.put("messaging_product", "whatsapp");
        request.put("recipient_type", "individual");
        request.put("to", to);
        request.put("type", type);
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (PASSED.contains(name)) {
                request.set(name, field.getValue());
            } else if (!Set.of("from", "to", "type", "tags").contains(name) && !name.equals(type)
                    && !(type == null && TYPES.contains(name))) {
                validation.add(name, "is not a field of a send (from, to, type, the object of the type, tags, "
                        + String.join(", ", PASSED) + ")");
            }
        }
        if (type != null) {
            JsonNode content = body.get(type);
            if (content == null || !content.isObject()) {
                validation.add(type, "is required: an object as the Cloud API takes it for type " + type);
            } else {
                request.set(type, type.equals("template") ? template(json, validation, (ObjectNode) content) : content);
            }
        }
        Tags tags = tags(validation, body.get("tags"));
        validation.throwIfAny();
        return new OutgoingMessage(from, to, type, request, tags);
    }

    /** SendZen's {@code {name, lang_code, components}} as the Cloud API's {@code {name, language: {code}, components}}. */
    private static ObjectNode template(ObjectMapper json, Validation validation, ObjectNode given) {
        ObjectNode template = json.createObjectNode();
        JsonNode name = given.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            validation.add("template.name", "is required: the name of an approved template");
        } else {
            template.set("name", name);
        }
        JsonNode lang = given.get("lang_code");
        JsonNode language = given.path("language").path("code");
        if (lang != null && lang.isTextual() && !lang.asText().isBlank()) {
            template.set("language", json.createObjectNode().put("code", lang.asText()));
        } else if (lang == null && language.isTextual() && !language.asText().isBlank()) {
            template.set("language", given.get("language"));
        } else {
            validation.add("template.lang_code", "is required: the template's language code, such as en_US");
        }
        JsonNode components = given.get("components");
        if (components != null && !components.isNull()) {
            if (components.isArray()) {
                template.set("components", components);
            } else {
                validation.add("template.components", "must be an array of components");
            }
        }
        for (Iterator<String> names = given.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!Set.of("name", "lang_code", "language", "components").contains(field)) {
                validation.add("template." + field, "is not a field of a template (name, lang_code, components)");
            }
        }
        return template;
    }

    /** The optional tags, each a string of at most {@link LogFilterParser#MAX_TAG} characters. */
    static Tags tags(Validation validation, JsonNode tags) {
        if (tags == null || tags.isNull()) {
            return Tags.NONE;
        }
        if (!tags.isObject()) {
            validation.add("tags", "must be an object with category, name and recipient_type");
            return Tags.NONE;
        }
        for (Iterator<String> names = tags.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("category", "name", "recipient_type").contains(name)) {
                validation.add("tags." + name, "is not a tag (category, name, recipient_type)");
            }
        }
        return new Tags(tag(validation, tags, "category"), tag(validation, tags, "name"),
                tag(validation, tags, "recipient_type"));
    }

    private static String tag(Validation validation, JsonNode tags, String name) {
        JsonNode value = tags.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > LogFilterParser.MAX_TAG
                || value.asText().chars().anyMatch(Character::isISOControl)) {
            validation.add("tags." + name, "must be a text of 1 to " + LogFilterParser.MAX_TAG + " characters");
            return null;
        }
        return value.asText().trim();
    }

    static String text(Validation validation, JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            validation.add(name, "is required");
            return null;
        }
        if (!value.isTextual()) {
            validation.add(name, "must be a string");
            return null;
        }
        return value.asText().trim();
    }

    static String phone(Validation validation, JsonNode body, String name) {
        String value = text(validation, body, name);
        if (value != null && !PHONE.matcher(value).matches()) {
            validation.add(name, "must be a phone number or wa_id: 5 to 20 digits, a leading + allowed");
            return null;
        }
        return value;
    }

    private static String clip(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
