package io.sendzen.logs.outgoing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.sendzen.logs.projects.AccessTokens;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Hashes;
import io.sendzen.logs.shared.Ticks;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /v1/messages}: checks the send, finds the number's access token, claims the Idempotency-Key, posts the
 * message to the Cloud API without holding a thread while Meta answers, records the exchange whatever came back, and
 * answers in SendZen's shapes (docs/outgoing.md). Nothing goes to Meta for a request that fails a check.
 */
@ApplicationScoped
public class SendService {

    private static final Logger LOG = Logger.getLogger(SendService.class);
    /** Meta's error code for an access token it refuses (expired, revoked, wrong). */
    static final int TOKEN_REJECTED = 190;
    static final int MAX_KEY = 255;

    /** An answer to give: its status and its JSON body. */
    public record SendAnswer(int status, String body) {
    }

    private final AccessTokens tokens;
    private final CloudApiClient cloudApi;
    private final OutgoingLog log;
    private final IdempotencyKeys keys;
    private final ObjectMapper json;

    SendService(AccessTokens tokens, CloudApiClient cloudApi, OutgoingLog log, IdempotencyKeys keys, ObjectMapper json) {
        this.tokens = tokens;
        this.cloudApi = cloudApi;
        this.log = log;
        this.keys = keys;
        this.json = json;
    }

    /**
     * Sends {@code body} from the project's number. Checks, the token and the key are settled before this returns
     * (a failed check throws); the answer completes when Meta's does and the record is stored.
     */
    public CompletionStage<SendAnswer> send(String projectId, JsonNode body, String idempotencyKey) throws SQLException {
        String key = key(idempotencyKey);
        OutgoingMessage message = OutgoingMessage.parse(json, body);
        AccessTokens.Sender sender = tokens.sender(projectId, message.from()).orElseThrow(() ->
                ApiException.badRequest("from", "is not one of the project's phone numbers (its phone_number_id or "
                        + "display phone number)"));
        if (sender.token() == null) {
            throw ApiException.conflict("from", "phone number " + sender.phoneNumberId() + " has no access token: set "
                    + "one with PUT /v1/admin/projects/{id}/phone-numbers/" + sender.phoneNumberId()
                    + "/credentials (or on its WABA)");
        }
        if (key != null) {
            IdempotencyKeys.Claim claim = keys.claim(projectId, key, hash(body));
            if (claim instanceof IdempotencyKeys.Answered answered) {
                return CompletableFuture.completedFuture(new SendAnswer(answered.status(), answered.body()));
            }
            if (claim instanceof IdempotencyKeys.InProgress) {
                throw ApiException.conflict("Idempotency-Key", "a send with this key is under way");
            }
            if (claim instanceof IdempotencyKeys.OtherRequest) {
                throw ApiException.conflict("Idempotency-Key", "was used for another request");
            }
        }
        ObjectNode request = message.cloudRequest();
        byte[] bytes = request.toString().getBytes(StandardCharsets.UTF_8);
        long sentAt = Ticks.now();
        return cloudApi.send(sender.phoneNumberId(), sender.token(), bytes)
                // the record is a database write: off the event loop that completed the exchange
                .thenApplyAsync(result -> {
                    try {
                        SendAnswer answer = recorded(projectId, sender, message, sentAt, result);
                        if (key != null) {
                            keys.answered(projectId, key, answer.status(), answer.body());
                        }
                        return answer;
                    } catch (SQLException e) {
                        if (key != null) {
                            keys.release(projectId, key);
                        }
                        throw new CompletionException(e);
                    }
                }, Infrastructure.getDefaultWorkerPool());
    }

    private SendAnswer recorded(String projectId, AccessTokens.Sender sender, OutgoingMessage message, long sentAt,
                                CloudApiClient.Result result) throws SQLException {
        int status = result instanceof CloudApiClient.Answer answer ? answer.status() : 0;
        String text = result instanceof CloudApiClient.Answer answer ? answer.body()
                : ((CloudApiClient.NoAnswer) result).reason();
        long logId = log.record(new OutgoingLog.Send(projectId, sentAt, sender.phoneNumberId(), sender.wabaId(),
                message.cloudRequest(), status, text, message.tags()));
        JsonNode meta = status == 0 ? json.missingNode() : tree(text);
        if (status == 401 && meta.path("error").path("code").asInt() == TOKEN_REJECTED) {
            tokens.rejected(sender);
            LOG.warnf("the Cloud API refused the access token of phone number %s (code 190)", sender.phoneNumberId());
        }
        ObjectNode body = json.createObjectNode();
        ObjectNode data = json.createObjectNode();
        if (status >= 200 && status < 300) {
            body.put("message", "Message sent successfully");
            JsonNode id = meta.path("messages").path(0).path("id");
            data.put("message_id", id.isTextual() ? id.asText() : null);
            data.put("log_id", Long.toString(logId));
            body.set("data", data);
            return new SendAnswer(200, body.toString());
        }
        JsonNode error = meta.path("error");
        ObjectNode shown = json.createObjectNode();
        int answered;
        if (status >= 400 && status < 600) {
            answered = status;
            body.put("message", error.path("message").isTextual() ? error.path("message").asText()
                    : "The WhatsApp Cloud API answered " + status);
            shown.put("code", error.path("code").isMissingNode() || error.path("code").isNull() ? null
                    : error.path("code").asText());
            JsonNode details = error.path("error_data").path("details");
            shown.put("details", details.isTextual() ? details.asText() : null);
        } else {
            answered = 502;
            String reason = status == 0 ? text : "unexpected status " + status;
            body.put("message", "The WhatsApp Cloud API could not be reached: " + reason);
            shown.putNull("code");
            shown.put("details", reason);
        }
        body.set("error", shown);
        data.put("log_id", Long.toString(logId));
        body.set("data", data);
        return new SendAnswer(answered, body.toString());
    }

    private JsonNode tree(String text) {
        try {
            JsonNode node = text == null || text.isEmpty() ? null : json.readTree(text);
            return node == null ? json.missingNode() : node;
        } catch (JsonProcessingException e) {
            return json.missingNode();
        }
    }

    /** The Idempotency-Key as given, or null; a 400 naming it when it cannot be one. */
    static String key(String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || value.length() > MAX_KEY || !value.chars().allMatch(c -> c >= ' ' && c < 127)) {
            throw ApiException.badRequest("Idempotency-Key", "must be 1 to " + MAX_KEY + " printable ASCII characters");
        }
        return value;
    }

    private static byte[] hash(JsonNode body) {
        return Hashes.sha256().digest(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
