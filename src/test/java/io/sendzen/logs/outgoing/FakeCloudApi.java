package io.sendzen.logs.outgoing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The WhatsApp Cloud API on loopback, answering {@code POST /{version}/{phone_number_id}/messages} as Meta does: a
 * message id for a send, or Meta's error objects, slowly, or not at all (the connection dropped). Each phone number
 * has its own script, so tests sharing one fake do not meet; every request it got is kept.
 */
public final class FakeCloudApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request as it arrived: the number it was for, the version in its path, its Authorization header and body. */
    public record Request(String phoneNumberId, String version, String authorization, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError(body, e);
            }
        }
    }

    /** How the fake answers one request. */
    public sealed interface Answer {
    }

    /** Meta's answer to a send it accepted; the message id is new each time. */
    public record Accepted() implements Answer {
    }

    /** An answer as given: its status and body. */
    public record Raw(int status, String body) implements Answer {
    }

    /** {@code then}, after {@code delayMs}. */
    public record Slow(long delayMs, Answer then) implements Answer {
    }

    /** The connection closed once the request is read, without an answer. */
    public record Dropped() implements Answer {
    }

    public static Answer accepted() {
        return new Accepted();
    }

    /** Meta's error object, with {@code error.code}, {@code error.message} and {@code error_data.details}. */
    public static Answer error(int status, int code, String message, String details) {
        ObjectNode error = JSON.createObjectNode();
        error.put("message", message);
        error.put("type", "OAuthException");
        error.put("code", code);
        error.putObject("error_data").put("messaging_product", "whatsapp").put("details", details);
        error.put("fbtrace_id", "AbCdEfGh123");
        return new Raw(status, JSON.createObjectNode().set("error", error).toString());
    }

    public static Answer slow(long delayMs, Answer then) {
        return new Slow(delayMs, then);
    }

    public static Answer dropped() {
        return new Dropped();
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, List<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Integer> served = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakeCloudApi(Vertx vertx) {
        this.vertx = vertx;
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    public static FakeCloudApi start() {
        FakeCloudApi fake = new FakeCloudApi(Vertx.vertx());
        try {
            fake.server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the fake Cloud API did not start", e);
        }
        return fake;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The requests for {@code phoneNumberId} get {@code answers} in turn, the last one again after that. */
    public void script(String phoneNumberId, Answer... answers) {
        scripts.put(phoneNumberId, List.of(answers));
        served.remove(phoneNumberId);
    }

    public List<Request> requests(String phoneNumberId) {
        return requests.stream().filter(r -> r.phoneNumberId().equals(phoneNumberId)).toList();
    }

    private void handle(HttpServerRequest request) {
        String[] path = request.path().split("/");
        // "", version, phone_number_id, "messages"
        if (!request.method().name().equals("POST") || path.length != 4 || !path[3].equals("messages")) {
            request.response().setStatusCode(404).end("{\"error\":{\"message\":\"Unknown path\",\"code\":100}}");
            return;
        }
        String phone = path[2];
        request.body().onSuccess(body -> {
            Request got = new Request(phone, path[1], request.getHeader("Authorization"), body.toString());
            requests.add(got);
            answer(request, got, next(phone));
        });
    }

    private void answer(HttpServerRequest request, Request got, Answer answer) {
        if (answer instanceof Slow slow) {
            vertx.setTimer(Math.max(1, slow.delayMs()), t -> answer(request, got, slow.then()));
        } else if (answer instanceof Dropped) {
            request.connection().close();
        } else if (answer instanceof Raw raw) {
            request.response().setStatusCode(raw.status()).putHeader("Content-Type", "application/json")
                    .end(raw.body());
        } else {
            String to = got.json().path("to").asText();
            ObjectNode body = JSON.createObjectNode().put("messaging_product", "whatsapp");
            body.putArray("contacts").addObject().put("input", to).put("wa_id", to.replace("+", ""));
            body.putArray("messages").addObject().put("id", wamid());
            request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(body.toString());
        }
    }

    static String wamid() {
        return "wamid.HBgL" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36).toUpperCase();
    }

    private Answer next(String phone) {
        List<Answer> script = scripts.getOrDefault(phone, List.of(accepted()));
        int n = served.merge(phone, 1, Integer::sum) - 1;
        return script.get(Math.min(n, script.size() - 1));
    }

    @Override
    public void close() {
        vertx.close();
    }
}
