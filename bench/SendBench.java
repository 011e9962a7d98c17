import com.sun.net.httpserver.HttpServer;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The send benchmark's two halves (bench/send.sh runs them): {@code fake PORT_FILE DELAY_MS} is a stand-in Cloud API
 * on loopback that answers each send after DELAY_MS and writes its own time for the answer into the message id;
 * {@code load BASE TOKEN FROM RATE SECONDS} sends at a fixed rate and prints, per send, what the service added to
 * the fake's own time: its answer time minus the time in the message id.
 */
public class SendBench {

    private static final Pattern MESSAGE_ID = Pattern.compile("\"message_id\":\"wamid\\.BENCH([0-9]+)X[0-9]+\"");

    public static void main(String[] args) throws Exception {
        if (args[0].equals("fake")) {
            fake(Path.of(args[1]), Long.parseLong(args[2]));
        } else {
            load(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        }
    }

    static void fake(Path portFile, long delayMs) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newFixedThreadPool(128));
        AtomicLong ids = new AtomicLong();
        server.createContext("/", exchange -> {
            long start = System.nanoTime();
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            if (delayMs > 0) {
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // the id carries the fake's own time for this answer, in microseconds, and a sequence to keep it unique
            long micros = (System.nanoTime() - start) / 1000;
            String id = "wamid.BENCH" + micros + "X" + ids.incrementAndGet();
            byte[] body = ("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"16505551234\",\"wa_id\":"
                    + "\"16505551234\"}],\"messages\":[{\"id\":\"" + id + "\"}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Files.writeString(portFile, Integer.toString(server.getAddress().getPort()));
        Thread.currentThread().join();
    }

    static void load(String base, String token, String from, int rate, int seconds) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).build();
        byte[] body = ("{\"from\":\"" + from + "\",\"to\":\"16505551234\",\"type\":\"text\",\"text\":{\"body\":"
                + "\"benchmark\"}}").getBytes(StandardCharsets.UTF_8);
        List<Long> added = Collections.synchronizedList(new ArrayList<>());
        List<Long> total = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        List<CompletableFuture<?>> pending = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long count = (long) rate * seconds;
        AtomicLong sent = new AtomicLong();
        long periodNanos = 1_000_000_000L / rate;
        long began = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> {
            if (sent.incrementAndGet() > count) {
                return;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/messages"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            long start = System.nanoTime();
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                long micros = (System.nanoTime() - start) / 1000;
                Matcher id = failure == null ? MESSAGE_ID.matcher(response.body()) : null;
                if (failure != null || response.statusCode() != 200 || !id.find()) {
                    errors.incrementAndGet();
                    return;
                }
                long fake = Long.parseLong(id.group(1));
                total.add(micros);
                added.add(micros - fake);
            }));
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        while (sent.get() < count) {
            Thread.sleep(50);
        }
        ticker.shutdown();
        for (CompletableFuture<?> f : new ArrayList<>(pending)) {
            f.handle((r, e) -> null).join();
        }
        double elapsed = (System.nanoTime() - began) / 1e9;
        System.out.printf("sends %d in %.1f s (%.0f/s), errors %d%n", total.size(), elapsed, total.size() / elapsed,
                errors.get());
        System.out.printf("answer time (ms): p50 %.2f, p99 %.2f, max %.2f%n", pct(total, 50), pct(total, 99),
                pct(total, 100));
        System.out.printf("added by the service (answer - fake's own time, ms): p50 %.2f, p90 %.2f, p99 %.2f, "
                + "max %.2f%n", pct(added, 50), pct(added, 90), pct(added, 99), pct(added, 100));
        System.exit(0);
    }

    private static double pct(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1000.0;
    }
}
