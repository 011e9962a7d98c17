package io.sendzen.logs.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sendzen.logs.support.Meta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service as a user runs it, on its embedded PostgreSQL, killed with {@code kill -9} under a load of
 * signed deliveries from several connections while forwards are in flight, then started again: the first start
 * works, every delivery answered 200 is stored exactly once and forwarded at least once, and no attempt of a
 * forward is recorded twice.
 */
class ServiceCrashIT {

    private static final String APP_SECRET = "crash-test-app-secret";
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final int SENDERS = 6;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WAMID = Pattern.compile("\"id\":\"(wamid\\.[0-9a-f]+)\"");

    @TempDir
    Path data;

    private final List<Process> services = new ArrayList<>();
    private HttpServer receiver;
    private final Map<String, Integer> forwarded = new ConcurrentHashMap<>();
    private int port;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process service : services) {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Process startService() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the packaged service: " + JAR.toAbsolutePath());
        ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-Xmx256m", "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("service.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("SENDZEN_DATA_DIR", data.resolve("service").toString());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("SENDZEN_META_APP_SECRETS", APP_SECRET);
        env.put("SENDZEN_FLYOUT_ALLOW_PRIVATE_NETWORKS", "true");
        env.put("SENDZEN_FLYOUT_ALLOW_HTTP", "true");
        env.put("SENDZEN_FLYOUT_RETRY_SCHEDULE", "1s,1s,2s,5s");
        env.put("SENDZEN_RATE_LIMIT_REQUESTS_PER_SECOND", "0");
        Process service = builder.start();
        services.add(service);
        return service;
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits for readiness and returns how long it took. */
    private long awaitReady(Process service, Duration within) {
        long start = System.nanoTime();
        await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!service.isAlive()) {
                throw new AssertionError("the service exited (" + service.exitValue() + "): " + log());
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private String log() throws IOException {
        String log = Files.readString(data.resolve("service.log"));
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private JsonNode call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, method + " " + path + " -> " + response.statusCode() + " " + response.body());
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    private int post(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            return HTTP.send(HttpRequest.newBuilder(uri("/v1/webhooks/whatsapp"))
                    .header("Content-Type", "application/json")
                    .header("X-Hub-Signature-256", Meta.signature(APP_SECRET, bytes))
                    .timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // no answer: the service was killed under it, Meta would deliver again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Matcher m = WAMID.matcher(new String(body, StandardCharsets.UTF_8));
            try {
                Thread.sleep(20); // forwards in flight when the service is killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (m.find()) {
                forwarded.merge(m.group(1), 1, Integer::sum);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.start();
    }

    @Test
    void killedUnderLoadItStartsTheFirstTimeAndLosesNothingAcknowledged() throws Exception {
        port = freePort();
        startReceiver();
        Process first = startService();
        awaitReady(first, Duration.ofSeconds(120));
        String admin = adminTokenFor(data.resolve("service"));
        String project = call("POST", "/v1/admin/projects", admin, "{\"name\":\"crash\"}").get("id").asText();
        String phone = "1065400" + (System.nanoTime() % 100_000_000);
        call("POST", "/v1/admin/projects/" + project + "/phone-numbers", admin, "{\"phone_number_id\":\"" + phone + "\"}");
        call("POST", "/v1/admin/projects/" + project + "/webhooks", admin,
                "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\"}");

        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<String> unanswered = new ConcurrentLinkedQueue<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        for (int i = 0; i < SENDERS; i++) {
            senders.submit(() -> {
                while (sending.get()) {
                    String wamid = Meta.wamid();
                    int status = post(Meta.singleStatus(phone, wamid, "delivered"));
                    if (status == 200) {
                        acknowledged.add(wamid);
                    } else {
                        unanswered.add(wamid + " " + status);
                    }
                }
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 300 && forwarded.size() >= 50);
        first.destroyForcibly();                                   // kill -9, under load, forwards in flight
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        sending.set(false);
        senders.shutdown();
        assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS));

        Process second = startService();
        long readyMs = awaitReady(second, Duration.ofSeconds(90));
        System.out.println("CRASH kill -9 of the service: " + acknowledged.size() + " deliveries acknowledged, "
                + unanswered.size() + " not; ready again " + readyMs + " ms after the start");

        // every acknowledged delivery is stored exactly once
        String reader = call("POST", "/v1/admin/projects/" + project + "/tokens", admin,
                "{\"scopes\":[\"logs:read\"]}").get("token").asText();
        Map<String, Integer> stored = storedMessageIds(reader);
        List<String> lost = acknowledged.stream().filter(w -> !stored.containsKey(w)).toList();
        assertEquals(List.of(), lost, "acknowledged deliveries missing after the crash");
        assertTrue(stored.values().stream().allMatch(n -> n == 1), "no event stored twice");

        // each is forwarded at least once, and no attempt is recorded twice
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> acknowledged.stream().allMatch(forwarded::containsKey));
        assertEquals(List.of(), attemptsRecordedTwice(), "attempts recorded twice");
    }

    private String adminTokenFor(Path dataDir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-jar", JAR.toString(), "token", "--admin")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SENDZEN_DATA_DIR", dataDir.toString());
        Process command = builder.start();
        String out = new String(command.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertEquals(0, command.waitFor(), out);
        return out.substring(out.lastIndexOf('\n') + 1);
    }

    /** Every message id of the project's entries, with how many entries carry it, paging as a client does. */
    private Map<String, Integer> storedMessageIds(String reader) throws Exception {
        Map<String, Integer> ids = new HashMap<>();
        String next = null;
        do {
            String path = "/v1/logs?pageSize=20" + (next == null ? "" : "&nextPageToken=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            JsonNode page = call("GET", path, reader, null);
            for (JsonNode entry : page.path("data").path("logs")) {
                Matcher wamid = WAMID.matcher(entry.path("payload").asText());
                ids.merge(wamid.find() ? wamid.group(1) : "(none)", 1, Integer::sum);
            }
            JsonNode token = page.path("data").path("next_page_token");
            next = token.isNull() || token.isMissingNode() || token.asText().isEmpty() ? null : token.asText();
        } while (next != null);
        return ids;
    }

    /** Straight from the embedded database, with the password the service generated into its data dir. */
    private List<String> attemptsRecordedTwice() throws Exception {
        Path postgres = data.resolve("service").resolve("postgres");
        String password = Files.readString(postgres.resolve("password")).trim();
        List<String> pid = Files.readAllLines(postgres.resolve("pgdata").resolve("postmaster.pid"));
        String url = "jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/postgres";
        List<String> twice = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", password); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select log_id, attempt, count(*) from flyout_attempt group by 1, 2 having count(*) > 1")) {
            while (rows.next()) {
                twice.add(rows.getLong(1) + "#" + rows.getInt(2) + " x" + rows.getInt(3));
            }
        }
        return twice;
    }
}
