package io.sendzen.logs.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on loopback for tests outside the flyout package: each path answers with one status, and
 * every request is remembered with the time it came (milliseconds) and its webhook-id.
 */
public final class Hook implements AutoCloseable {

    public record Request(String path, String webhookId, long atMillis) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private Hook(HttpServer server) {
        this.server = server;
    }

    public static Hook start() {
        try {
            Hook hook = new Hook(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            hook.server.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    String path = exchange.getRequestURI().getPath();
                    hook.requests.add(new Request(path, exchange.getRequestHeaders().getFirst("webhook-id"),
                            System.currentTimeMillis()));
                    exchange.sendResponseHeaders(hook.statuses.getOrDefault(path, 200), -1);
                }
            });
            hook.server.setExecutor(hook.executor);
            hook.server.start();
            return hook;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL of {@code path}, answering {@code status} to each request. */
    public String url(String path, int status) {
        statuses.put("/" + path, status);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals("/" + path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
