package io.sendzen.logs.outgoing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.sendzen.logs.projects.AccessTokens;
import io.sendzen.logs.projects.ProjectAdmission;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Hashes;
import io.sendzen.logs.shared.Ticks;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

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

    /**
     * A send that passed its checks: what goes to Meta, from which number, under which key (or none); or, in
     * {@code given}, the answer already given under its key.
     */
    private record Checked(OutgoingMessage message, AccessTokens.Sender sender, String key, SendAnswer given) {
    }

    private final ProjectAdmission admission;
    private final AccessTokens tokens;
    private final CloudApiClient cloudApi;
    private final OutgoingLog log;
    private final IdempotencyKeys keys;
    private final ObjectMapper json;
    private final Executor workers = Infrastructure.getDefaultWorkerPool();

    SendService(ProjectAdmission admission, AccessTokens tokens, CloudApiClient cloudApi, OutgoingLog log,
                IdempotencyKeys keys, ObjectMapper json) {
        this.admission = admission;
        this.tokens = tokens;
        this.cloudApi = cloudApi;
        this.log = log;
        this.keys = keys;
        this.json = json;
    }

    /**
     * Sends {@code body} from {@code projectId}'s number (the project named in the request's token, admitted here).
     * Called on the event loop. When all the checks need is in memory (no Idempotency-Key, the project's state and
     * the number known) they run there; else on a worker thread, as they look things up. The answer completes on
     * the caller's Vert.x context when Meta's does and the record is committed, and fails with the
     * {@link ApiException} of a failed check (nothing then went to Meta).
     */
    public CompletableFuture<SendAnswer> send(String projectId, JsonNode body, String idempotencyKey) {
        Context context = Vertx.currentContext();
        CompletableFuture<Checked> checked;
        try {
            Checked inMemory = checkedFromMemory(projectId, body, idempotencyKey);
            checked = inMemory != null ? CompletableFuture.completedFuture(inMemory)
                    : CompletableFuture.supplyAsync(() -> checked(projectId, body, idempotencyKey), workers);
        } catch (ApiException e) {
            checked = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<SendAnswer> answer = new CompletableFuture<>();
        checked.thenCompose(send -> send.given() != null ? CompletableFuture.completedFuture(send.given())
                        : sent(projectId, send))
                .whenComplete((done, failure) -> {
                    // the failure itself, not the CompletionException the stages wrap it in
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    Runnable settle = () -> {
                        if (cause == null) {
                            answer.complete(done);
                        } else {
                            answer.completeExceptionally(cause);
                        }
                    };
                    // back on the request's event loop, which writes the answer anyway: the thread that committed
                    // the record goes on to the next commit
                    if (context == null || Vertx.currentContext() == context) {
                        settle.run();
                    } else {
                        context.runOnContext(ignored -> settle.run());
                    }
                });
        return answer;
    }

    /**
     * The checks from memory alone: null when they would need a lookup (an Idempotency-Key, a project or number
     * not in memory) or when the message is not valid (the full checks then answer it, in their order).
     */
    private Checked checkedFromMemory(String projectId, JsonNode body, String idempotencyKey) {
        if (idempotencyKey != null) {
            return null;
        }
        OutgoingMessage message;
        try {
            message = OutgoingMessage.parse(json, body);
        } catch (ApiException e) {
            return null;
        }
        Optional<AccessTokens.Sender> sender = tokens.knownSender(projectId, message.from());
        if (sender == null || !admission.admitFromMemory(projectId)) {
            return null;
        }
        return new Checked(message, usable(sender), null, null);
    }

    /** The send checked, or the answer already given under its Idempotency-Key; a failed check throws. */
    private Checked checked(String projectId, JsonNode body, String idempotencyKey) {
        try {
            admission.admit(projectId);
            String key = key(idempotencyKey);
            OutgoingMessage message = OutgoingMessage.parse(json, body);
            AccessTokens.Sender sender = usable(tokens.sender(projectId, message.from()));
            if (key != null) {
                IdempotencyKeys.Claim claim = keys.claim(projectId, key, hash(body));
                if (claim instanceof IdempotencyKeys.Answered answered) {
                    return new Checked(message, sender, key, new SendAnswer(answered.status(), answered.body()));
                }
                if (claim instanceof IdempotencyKeys.InProgress) {
                    throw ApiException.conflict("Idempotency-Key", "a send with this key is under way");
                }
                if (claim instanceof IdempotencyKeys.OtherRequest) {
                    throw ApiException.conflict("Idempotency-Key", "was used for another request");
                }
            }
            return new Checked(message, sender, key, null);
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }

    /** The number a send goes from: a 400 when the project has none such, a 409 when it has no access token. */
    private static AccessTokens.Sender usable(Optional<AccessTokens.Sender> found) {
        AccessTokens.Sender sender = found.orElseThrow(() -> ApiException.badRequest("from",
                "is not one of the project's phone numbers (its phone_number_id or display phone number)"));
        if (sender.token() == null) {
            throw ApiException.conflict("from", "phone number " + sender.phoneNumberId() + " has no access token: "
                    + "set one with PUT /v1/admin/projects/{id}/phone-numbers/" + sender.phoneNumberId()
                    + "/credentials (or on its WABA)");
        }
        return sender;
    }

    /** Posts the checked send to Meta, records the exchange, and settles its key (on a worker: a database write). */
    private CompletableFuture<SendAnswer> sent(String projectId, Checked send) {
        ObjectNode request = send.message().cloudRequest();
        byte[] bytes = request.toString().getBytes(StandardCharsets.UTF_8);
        long sentAt = Ticks.now();
        CompletableFuture<SendAnswer> answer = cloudApi.send(send.sender().phoneNumberId(), send.sender().token(), bytes)
                .thenCompose(result -> recorded(projectId, send, sentAt, result));
        if (send.key() == null) {
            return answer;
        }
        return answer.handleAsync((done, failure) -> {
            try {
                if (failure != null) {
                    keys.release(projectId, send.key());
                    throw failure instanceof CompletionException wrapped ? wrapped : new CompletionException(failure);
                }
                keys.answered(projectId, send.key(), done.status(), done.body());
                return done;
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, workers);
    }

    private CompletableFuture<SendAnswer> recorded(String projectId, Checked send, long sentAt,
                                                   CloudApiClient.Result result) {
        AccessTokens.Sender sender = send.sender();
        int status = result instanceof CloudApiClient.Answer answer ? answer.status() : 0;
        String text = result instanceof CloudApiClient.Answer answer ? answer.body()
                : ((CloudApiClient.NoAnswer) result).reason();
        JsonNode meta = status == 0 ? json.missingNode() : tree(text);
        CompletableFuture<Long> stored = log.record(new OutgoingLog.Send(projectId, sentAt, sender.phoneNumberId(),
                sender.wabaId(), send.message().cloudRequest(), status, text, send.message().tags()));
        if (status == 401 && meta.path("error").path("code").asInt() == TOKEN_REJECTED) {
            stored = stored.thenApplyAsync(logId -> {
                try {
                    tokens.rejected(sender);
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
                LOG.warnf("the Cloud API refused the access token of phone number %s (code 190)",
                        sender.phoneNumberId());
                return logId;
            }, workers);
        }
        return stored.thenApply(logId -> answer(status, text, meta, logId));
    }

    /** SendZen's answer to a send Meta answered {@code status} (0: no answer, {@code text} then the reason). */
    private SendAnswer answer(int status, String text, JsonNode meta, long logId) {
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
