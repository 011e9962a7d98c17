package io.sendzen.logs.outgoing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sendzen.logs.shared.SearchText;
import io.sendzen.logs.store.LogEntries;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Turns a send (the request as sent to Meta, Meta's status and answer, the tags) into its outgoing record and stores
 * it through {@link OutgoingWriter}'s group commit: message id and recipient from Meta's answer, Meta's error code, the template, the
 * words it is searched by.
 */
@ApplicationScoped
public class OutgoingLog {

    /** A send to record; {@code status} 0 when Meta gave no answer, {@code answer} then the reason. */
    public record Send(String projectId, long createdAt, String phoneNumberId, String wabaId, JsonNode request,
                       int status, String answer, OutgoingMessage.Tags tags) {
    }

    private final OutgoingWriter writer;
    private final ObjectMapper json;

    OutgoingLog(OutgoingWriter writer, ObjectMapper json) {
        this.writer = writer;
        this.json = json;
    }

    /** Stores the record in the next group commit; the future completes with its log id once it is committed. */
    public CompletableFuture<Long> record(Send send) {
        return writer.submit(entry(send));
    }

    /** {@link #record} for a caller on a worker thread: returns once the record is committed. */
    public long recordNow(Send send) throws SQLException {
        try {
            return record(send).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    LogEntries.Outgoing entry(Send send) {
        JsonNode request = send.request();
        JsonNode answer = send.status() == 0 ? MissingNode.getInstance() : tree(send.answer());
        String messageId = textOrNull(answer.path("messages").path(0).path("id"));
        String waId = textOrNull(answer.path("contacts").path(0).path("wa_id"));
        if (waId == null) {
            waId = textOrNull(request.path("to"));
        }
        JsonNode error = answer.path("error");
        Integer errorCode = error.path("code").canConvertToInt() && error.path("code").isIntegralNumber()
                ? error.path("code").asInt() : null;
        String templateName = textOrNull(request.path("template").path("name"));
        OutgoingMessage.Tags tags = send.tags() == null ? OutgoingMessage.Tags.NONE : send.tags();
        String type = textOrNull(request.path("type"));
        SearchText.Document search = new SearchText.Document()
                .add(textOrNull(request.path("text").path("body")))
                .add(type)
                .add(templateName)
                .add(type == null ? null : textOrNull(request.path(type).path("caption")))
                .add(tags.category())
                .add(tags.name())
                .add(tags.recipientType())
                .add(textOrNull(error.path("message")))
                .add(textOrNull(error.path("error_data").path("details")));
        return new LogEntries.Outgoing(send.projectId(), send.createdAt(), send.phoneNumberId(), send.wabaId(),
                request.toString(), messageId, waId, errorCode, send.status(), send.answer(),
                tags.empty() ? null : tagsJson(tags), tags.name(), tags.recipientType(),
                tags.category() == null ? null : tags.category().toLowerCase(Locale.ROOT), templateName,
                search.lexemes(messageId, waId));
    }

    private String tagsJson(OutgoingMessage.Tags tags) {
        ObjectNode node = json.createObjectNode();
        if (tags.category() != null) {
            node.put("category", tags.category());
        }
        if (tags.name() != null) {
            node.put("name", tags.name());
        }
        if (tags.recipientType() != null) {
            node.put("recipient_type", tags.recipientType());
        }
        return node.toString();
    }

    private JsonNode tree(String text) {
        if (text == null || text.isEmpty()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = json.readTree(text);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() || node.isNumber() ? node.asText() : null;
    }
}
