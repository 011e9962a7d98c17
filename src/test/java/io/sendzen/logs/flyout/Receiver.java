package io.sendzen.logs.flyout;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A customer's webhook receiver on loopback: answers each path from a script and keeps every request it gets. Its
 * paths live under a prefix of its own, so that a retry meant for an earlier receiver on the same port (ports are
 * reused) is answered 410 and not counted here.
 */
final class Receiver implements AutoCloseable {

    record Request(String path, String method, Map<String, String> headers, byte[] body, long arrivedAtMillis) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Where an answer stops and waits until the receiver closes: nowhere, before the status line, or after the first bytes. */
    enum Hold { NONE, BEFORE_HEADERS, MID_BODY }

    record Answer(int status, Map<String, String> headers, byte[] body, Hold hold) {

        static Answer of(int status, String body) {
            return of(status, body.getBytes(StandardCharsets.UTF_8));
        }

        static Answer of(int status, byte[] body) {
            return new Answer(status, Map.of(), body, Hold.NONE);
        }

        /** Takes the request and never answers. */
        static Answer never() {
            return new Answer(0, Map.of(), new byte[0], Hold.BEFORE_HEADERS);
        }

        /** Sends the status and the start of a body, then nothing more. */
        static Answer bodyNeverEnds(int status, String start) {
            return new Answer(status, Map.of(), start.getBytes(StandardCharsets.UTF_8), Hold.MID_BODY);
        }

        Answer withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, more, body, hold);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, List<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Integer> served = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final String prefix = "/r" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);

    private Receiver(HttpServer server) {
        this.server = server;
    }

    static Receiver start() {
        try {
            Receiver receiver = new Receiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            receiver.server.createContext("/", receiver::handle);
            receiver.server.setExecutor(receiver.executor);
            receiver.server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The URL of {@code path}; its requests get {@code answers} in turn, the last one again after that (200 "ok" if none). */
    String url(String path, Answer... answers) {
        scripts.put("/" + path, answers.length == 0 ? List.of(Answer.of(200, "ok")) : List.of(answers));
        return "http://127.0.0.1:" + port() + path(path);
    }

    /** The request path of {@code path} on this receiver, for URLs with another host form. */
    String path(String path) {
        return prefix + "/" + path;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals("/" + path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String full = exchange.getRequestURI().getPath();
            if (!full.startsWith(prefix + "/")) {
                exchange.sendResponseHeaders(410, -1);
                return;
            }
            String path = full.substring(prefix.length());
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(path, exchange.getRequestMethod(), headers, body, System.currentTimeMillis()));
            Answer answer = next(path);
            if (answer.hold() == Hold.BEFORE_HEADERS) {
                closing.await(2, TimeUnit.MINUTES);
                return;
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            if (answer.hold() == Hold.MID_BODY) {
                exchange.sendResponseHeaders(answer.status(), 0);
                exchange.getResponseBody().write(answer.body());
                exchange.getResponseBody().flush();
                closing.await(2, TimeUnit.MINUTES);
                return;
            }
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
        } catch (IOException | InterruptedException e) {
            // the client went away mid-answer, as a timed-out forward does
        }
    }

    private Answer next(String path) {
        List<Answer> script = scripts.getOrDefault(path, List.of(Answer.of(200, "ok")));
        int n = served.merge(path, 1, Integer::sum) - 1;
        return script.get(Math.min(n, script.size() - 1));
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** Every webhook-id the receiver got, with how many times it got it. */
    Map<String, Integer> webhookIdCounts() {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        for (Request request : new ArrayList<>(requests)) {
            counts.merge(request.header("webhook-id"), 1, Integer::sum);
        }
        return counts;
    }
}
