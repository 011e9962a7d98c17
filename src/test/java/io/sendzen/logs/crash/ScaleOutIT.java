package io.sendzen.logs.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sendzen.logs.boot.SigningKeys;
import io.sendzen.logs.support.Meta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Several instances on one PostgreSQL, as an operator runs them: a PostgreSQL primary and a streaming replica
 * (initdb, pg_basebackup -R), three packaged instances on loopback behind nginx, reads on the replica. Under a load
 * of signed deliveries through nginx one instance is killed with {@code kill -9} and another restarted: every
 * delivery answered 200 is stored once and forwarded at least once, no attempt is recorded twice, pages read through
 * nginx are complete and in order, a project's rate limit is counted once across the instances, a revoked token and
 * a disabled project are refused by every instance within two seconds, and a client does not see its own delete
 * undone by a replica whose replay is paused. Needs Debian's {@code postgresql} and {@code nginx-light}.
 */
class ScaleOutIT {

    private static final String APP_SECRET = "scale-test-app-secret";
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final int SENDERS = 4;
    private static final int INSTANCES = 3;
    private static final int RATE = 50;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WAMID = Pattern.compile("\"id\":\"(wamid\\.[0-9a-f]+)\"");
    private static final String READ_AFTER = "SendZen-Read-After";

    private Path dir;
    private Path postgresBin;
    private boolean asRoot;
    private int primaryPort;
    private int replicaPort;
    private int nginxPort;
    private final int[] ports = new int[INSTANCES];
    private final Process[] instances = new Process[INSTANCES];
    private Process nginx;
    private HttpServer receiver;
    private final Map<String, Integer> forwarded = new ConcurrentHashMap<>();
    /** Forwards to the endpoint that is rotated and moved, by message id. */
    private final Map<String, Forward> propagated = new ConcurrentHashMap<>();
    private final Map<String, String> keys = new HashMap<>();

    private record Forward(String path, String signature, byte[] body) {
    }

    @AfterEach
    void stop() throws Exception {
        for (Process instance : instances) {
            if (instance != null) {
                instance.destroy();
                if (!instance.waitFor(30, TimeUnit.SECONDS)) {
                    instance.destroyForcibly();
                }
            }
        }
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        if (postgresBin != null) {
            for (String cluster : List.of("replica", "primary")) {
                if (Files.exists(dir.resolve("pg").resolve(cluster).resolve("postmaster.pid"))) {
                    run(asPostgres(postgresBin.resolve("pg_ctl").toString(), "-D", dir.resolve("pg").resolve(cluster).toString(),
                            "-m", "immediate", "stop"));
                }
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    // --- what the machine must have ---

    private static Path postgresBinaries() {
        Path debian = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.isDirectory(debian) ? Files.list(debian) : Stream.empty()) {
            Optional<Path> bin = versions.map(version -> version.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_basebackup")))
                    .filter(b -> b.getParent().getFileName().toString().matches("\\d+")
                            && Integer.parseInt(b.getParent().getFileName().toString()) >= 15)
                    .min(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())));
            if (bin.isPresent()) {
                return bin.get();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        fail("ScaleOutIT needs PostgreSQL 15 or later from Debian's packages (initdb, pg_ctl, pg_basebackup under "
                + "/usr/lib/postgresql/<version>/bin): apt-get install -y postgresql");
        return null;
    }

    private static Path nginxBinary() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        fail("ScaleOutIT needs nginx: apt-get install -y nginx-light");
        return null;
    }

    // --- processes ---

    private List<String> asPostgres(String... command) {
        List<String> line = new ArrayList<>();
        if (asRoot) {
            // PostgreSQL refuses to run as root
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        return line;
    }

    private String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void startDatabases() throws Exception {
        Path pg = Files.createDirectories(dir.resolve("pg"));
        if (asRoot) {
            run(List.of("chown", "postgres", pg.toString()));
        }
        Path primary = pg.resolve("primary");
        run(asPostgres(postgresBin.resolve("initdb").toString(), "-D", primary.toString(), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--no-sync"));
        primaryPort = freePort();
        replicaPort = freePort();
        String settings = """
                listen_addresses = '127.0.0.1'
                unix_socket_directories = ''
                max_connections = 300
                wal_level = replica
                max_wal_senders = 5
                hot_standby = on
                fsync = off
                shared_buffers = 128MB
                """;
        append(primary.resolve("postgresql.conf"), settings + "port = " + primaryPort + "\n");
        append(primary.resolve("pg_hba.conf"), "host replication all 127.0.0.1/32 trust\n");
        run(asPostgres(postgresBin.resolve("pg_ctl").toString(), "-D", primary.toString(), "-l",
                pg.resolve("primary.log").toString(), "-w", "start"));
        Path replica = pg.resolve("replica");
        run(asPostgres(postgresBin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(primaryPort), "-U", "postgres", "-D", replica.toString(), "-R", "-X", "stream"));
        append(replica.resolve("postgresql.conf"), "port = " + replicaPort + "\n");
        run(asPostgres(postgresBin.resolve("pg_ctl").toString(), "-D", replica.toString(), "-l",
                pg.resolve("replica.log").toString(), "-w", "start"));
        try (Connection c = replica(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("select pg_is_in_recovery()")) {
            assertTrue(r.next() && r.getBoolean(1), "the replica is a standby");
        }
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, Files.readString(file) + "\n" + text);
    }

    private Connection primary() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres", "postgres", "");
    }

    private Connection replica() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + replicaPort + "/postgres", "postgres", "");
    }

    private void makeKeys() throws IOException {
        Path keyDir = Files.createDirectories(dir.resolve("keys"));
        SigningKeys.ensureJwtKeyPair(keyDir);
        keys.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keyDir.resolve(SigningKeys.PUBLIC_KEY_FILE).toUri().toString());
        keys.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", keyDir.resolve(SigningKeys.PRIVATE_KEY_FILE).toUri().toString());
        keys.put("SENDZEN_PAGE_TOKEN_KEYS", SigningKeys.ensurePageTokenKey(keyDir));
        keys.put("SENDZEN_SECRET_KEYS", SigningKeys.ensureSecretKey(keyDir));
    }

    private Map<String, String> serviceEnvironment(Map<String, String> env) {
        env.putAll(keys);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres");
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_REPLICA_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + replicaPort + ",127.0.0.1:"
                + primaryPort + "/postgres?targetServerType=preferSecondary&loadBalanceHosts=true");
        env.put("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "16");
        env.put("QUARKUS_DATASOURCE_READ_JDBC_MAX_SIZE", "8");
        env.put("QUARKUS_DATASOURCE_REPLICA_JDBC_MAX_SIZE", "8");
        return env;
    }

    private Process startInstance(int i) throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the packaged service: " + JAR.toAbsolutePath());
        ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("instance-" + i + ".log").toFile()));
        Map<String, String> env = serviceEnvironment(builder.environment());
        env.put("SENDZEN_DATA_DIR", dir.resolve("instance-" + i).toString());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ports[i]));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("SENDZEN_META_APP_SECRETS", APP_SECRET);
        env.put("SENDZEN_FLYOUT_ALLOW_PRIVATE_NETWORKS", "true");
        env.put("SENDZEN_FLYOUT_ALLOW_HTTP", "true");
        env.put("SENDZEN_FLYOUT_RETRY_SCHEDULE", "1s,1s,2s,5s");
        env.put("SENDZEN_RATE_LIMIT_REQUESTS_PER_SECOND", Integer.toString(RATE));
        env.put("SENDZEN_RATE_LIMIT_BURST", Integer.toString(RATE));
        // a bulk delete of this test's entries in many small batches, and taken over soon after its instance dies
        env.put("SENDZEN_JOBS_BATCH_SIZE", "25");
        env.put("SENDZEN_JOBS_BATCH_PAUSE", "150ms");
        env.put("SENDZEN_JOBS_LEASE", "3s");
        env.put("SENDZEN_JOBS_POLL_INTERVAL", "500ms");
        instances[i] = builder.start();
        return instances[i];
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitReady(int i, Duration within) {
        Process instance = instances[i];
        await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!instance.isAlive()) {
                throw new AssertionError("instance " + i + " exited (" + instance.exitValue() + "): " + log(i));
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(base(ports[i]) + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private String log(int i) throws IOException {
        String log = Files.readString(dir.resolve("instance-" + i + ".log"));
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }

    private void startNginx(Path binary) throws Exception {
        Path conf = Files.createDirectories(dir.resolve("nginx"));
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rwxrwxrwx"));
        nginxPort = freePort();
        StringBuilder upstream = new StringBuilder();
        for (int port : ports) {
            upstream.append("        server 127.0.0.1:").append(port).append(" max_fails=1 fail_timeout=2s;\n");
        }
        Files.writeString(conf.resolve("nginx.conf"), """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    client_body_buffer_size 1m;
                    client_max_body_size 16m;
                    proxy_max_temp_file_size 0;
                    upstream sendzen {
                %2$s        keepalive 32;
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://sendzen;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $host;
                            # an instance that is gone: the next one (the service stores a delivery once however
                            # often it comes, so even a POST may be passed on)
                            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
                            proxy_connect_timeout 1s;
                        }
                    }
                }
                """.formatted(conf, upstream, nginxPort));
        nginx = new ProcessBuilder(binary.toString(), "-p", conf.toString(), "-c", conf.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(conf.resolve("out.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!nginx.isAlive()) {
                throw new AssertionError("nginx exited: " + Files.readString(conf.resolve("out.log")));
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(base(nginxPort) + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    // --- HTTP ---

    private static String base(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static HttpResponse<String> send(int port, String method, String path, String token, String body,
                                             Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(port) + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode call(String method, String path, String token, String body) throws Exception {
        return callOn(nginxPort, method, path, token, body);
    }

    private static JsonNode callOn(int port, String method, String path, String token, String body) throws Exception {
        HttpResponse<String> response = send(port, method, path, token, body, Map.of());
        assertTrue(response.statusCode() < 300, method + " " + path + " -> " + response.statusCode() + " " + response.body());
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    private int post(String body) {
        return postTo(nginxPort, body);
    }

    private static int postTo(int port, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base(port) + "/v1/webhooks/whatsapp"))
                    .header("Content-Type", "application/json")
                    .header("X-Hub-Signature-256", Meta.signature(APP_SECRET, bytes))
                    .timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
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
                Thread.sleep(20); // forwards in flight when an instance is killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (m.find()) {
                forwarded.merge(m.group(1), 1, Integer::sum);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.createContext("/propagation", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Matcher m = WAMID.matcher(new String(body, StandardCharsets.UTF_8));
            if (m.find()) {
                propagated.put(m.group(1), new Forward(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"), body));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.start();
    }

    private String adminToken() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-jar", JAR.toString(), "token", "--admin")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        serviceEnvironment(builder.environment());
        builder.environment().put("SENDZEN_DATA_DIR", dir.resolve("cli").toString());
        Process command = builder.start();
        String out = new String(command.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertEquals(0, command.waitFor(), out);
        return out.substring(out.lastIndexOf('\n') + 1);
    }

    private String mint(String admin, String project, String scopes) throws Exception {
        return call("POST", "/v1/admin/projects/" + project + "/tokens", admin, "{\"scopes\":" + scopes + "}")
                .get("token").asText();
    }

    // --- the test ---

    @Test
    void threeInstancesBehindNginxOnAPrimaryAndAReplicaLoseNothingAndShareTheirLimits() throws Exception {
        postgresBin = postgresBinaries();
        Path nginxBinary = nginxBinary();
        asRoot = "root".equals(System.getProperty("user.name"));
        dir = Files.createTempDirectory("sendzen-scale");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        startDatabases();
        makeKeys();
        startReceiver();
        for (int i = 0; i < INSTANCES; i++) {
            ports[i] = freePort();
        }
        startInstance(0);
        awaitReady(0, Duration.ofSeconds(120)); // the first runs the migrations
        startInstance(1);
        startInstance(2);
        awaitReady(1, Duration.ofSeconds(120));
        awaitReady(2, Duration.ofSeconds(120));
        startNginx(nginxBinary);

        String admin = adminToken();
        String project = call("POST", "/v1/admin/projects", admin, "{\"name\":\"scale\"}").get("id").asText();
        String phone = "1065500" + (System.nanoTime() % 100_000_000);
        call("POST", "/v1/admin/projects/" + project + "/phone-numbers", admin, "{\"phone_number_id\":\"" + phone + "\"}");
        call("POST", "/v1/admin/projects/" + project + "/webhooks", admin,
                "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\"}");

        // load through nginx: one instance killed with kill -9, another stopped and started again
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
                    pause(25); // a steady load, not a flood: the pages of all it stored are read several times below
                }
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 300 && forwarded.size() >= 50);
        instances[0].destroyForcibly();                            // kill -9, under load, forwards in flight
        assertTrue(instances[0].waitFor(30, TimeUnit.SECONDS));
        int atKill = acknowledged.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= atKill + 200);
        startInstance(0);                                          // back after the crash, its work taken over meanwhile
        awaitReady(0, Duration.ofSeconds(120));
        instances[1].destroy();                                    // a rolling restart of another
        assertTrue(instances[1].waitFor(30, TimeUnit.SECONDS));
        startInstance(1);
        awaitReady(1, Duration.ofSeconds(120));
        int atRestart = acknowledged.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= atRestart + 200);
        sending.set(false);
        senders.shutdown();
        assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS));
        System.out.println("SCALE three instances behind nginx: " + acknowledged.size() + " deliveries acknowledged, "
                + unanswered.size() + " not (an instance killed, another restarted)");

        // every acknowledged delivery stored once, read page by page through nginx from the replica, in order
        String reader = mint(admin, project, "[\"logs:read\"]");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> storedMessageIds(reader).keySet().containsAll(acknowledged));
        Map<String, Integer> stored = storedMessageIds(reader);
        assertTrue(stored.values().stream().allMatch(n -> n == 1), "no event stored twice");

        // each forwarded at least once, no attempt recorded twice
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> acknowledged.stream().allMatch(forwarded::containsKey));
        assertEquals(List.of(), attemptsRecordedTwice(), "attempts recorded twice");

        // the rate limit counted once across the three instances
        String limited = call("POST", "/v1/admin/projects", admin, "{\"name\":\"limited\"}").get("id").asText();
        String limitedReader = mint(admin, limited, "[\"logs:read\"]");
        long start = System.nanoTime();
        int allowed = 0;
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3)) {
            int status = send(nginxPort, "GET", "/v1/logs?pageSize=1", limitedReader, null, Map.of()).statusCode();
            assertTrue(status == 200 || status == 429, "status " + status);
            allowed += status == 200 ? 1 : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long once = Math.round(RATE + RATE * seconds);
        System.out.printf("SCALE rate limit %d/s, burst %d, over %.1f s through three instances: %d allowed "
                + "(once: %d; once per instance: %d)%n", RATE, RATE, seconds, allowed, once, once * INSTANCES);
        assertTrue(allowed <= once + RATE * 2, "allowed " + allowed + ", the allowance once is " + once);
        assertTrue(allowed >= once - RATE, "allowed " + allowed + ", the allowance once is " + once);

        // a revoked token and a disabled project are refused by every instance within two seconds
        String revoking = call("POST", "/v1/admin/projects", admin, "{\"name\":\"revoking\"}").get("id").asText();
        String revoked = mint(admin, revoking, "[\"logs:read\"]");
        String jti = JSON.readTree(Base64.getUrlDecoder().decode(revoked.split("\\.")[1])).get("jti").asText();
        for (int port : ports) {
            assertEquals(200, send(port, "GET", "/v1/logs?pageSize=1", revoked, null, Map.of()).statusCode());
        }
        assertTrue(send(ports[1], "DELETE", "/v1/admin/projects/" + revoking + "/tokens/" + jti, admin, null, Map.of())
                .statusCode() < 300, "revoked");
        awaitRefusedEverywhere(revoked, "/v1/logs?pageSize=1", 401);
        String disabled = call("POST", "/v1/admin/projects", admin, "{\"name\":\"disabled\"}").get("id").asText();
        String disabledReader = mint(admin, disabled, "[\"logs:read\"]");
        for (int port : ports) {
            assertEquals(200, send(port, "GET", "/v1/logs?pageSize=1", disabledReader, null, Map.of()).statusCode());
        }
        assertEquals(200, send(ports[1], "PATCH", "/v1/admin/projects/" + disabled, admin, "{\"enabled\":false}",
                Map.of()).statusCode());
        awaitRefusedEverywhere(disabledReader, "/v1/logs?pageSize=1", 403);

        // read-your-writes: with the replica's replay paused, a client's delete stays deleted for that client
        String writer = mint(admin, project, "[\"logs:write\"]");
        String firstId = call("GET", "/v1/logs?pageSize=1", reader, null).path("data").path("logs").get(0).path("log_id").asText();
        try (Connection c = replica(); Statement s = c.createStatement()) {
            s.execute("select pg_wal_replay_pause()");
        }
        try {
            HttpResponse<String> deleted = send(nginxPort, "DELETE", "/v1/logs/" + firstId, writer, null, Map.of());
            assertEquals(204, deleted.statusCode(), deleted.body());
            String lsn = deleted.headers().firstValue(READ_AFTER).orElseThrow(() -> new AssertionError("no " + READ_AFTER));
            assertEquals(200, send(nginxPort, "GET", "/v1/logs/" + firstId, reader, null, Map.of()).statusCode(),
                    "without the position the paused replica answers, with the entry still there");
            assertEquals(404, send(nginxPort, "GET", "/v1/logs/" + firstId, reader, null, Map.of(READ_AFTER, lsn)).statusCode(),
                    "with it the primary answers");
        } finally {
            try (Connection c = replica(); Statement s = c.createStatement()) {
                s.execute("select pg_wal_replay_resume()");
            }
        }

        rotatedSecretAndChangedEndpointHoldOnEveryInstanceAtOnce(admin);
        bulkDeleteResumesOnAnotherInstanceWhenItsInstanceIsKilled(admin, project, writer);
    }

    /**
     * A secret rotated through one instance signs every forward of a delivery taken by another right after; a URL
     * changed through one takes every delivery made next, on any instance; an endpoint disabled through one gets
     * nothing more from any. Each instance reads the endpoint from the database when it forwards, so "within two
     * seconds" holds at once: the deliveries are sent milliseconds after the change.
     */
    private void rotatedSecretAndChangedEndpointHoldOnEveryInstanceAtOnce(String admin) throws Exception {
        String projectId = call("POST", "/v1/admin/projects", admin, "{\"name\":\"propagation\"}").get("id").asText();
        String phone = "1065501" + (System.nanoTime() % 100_000_000);
        call("POST", "/v1/admin/projects/" + projectId + "/phone-numbers", admin, "{\"phone_number_id\":\"" + phone + "\"}");
        String hooks = "/v1/admin/projects/" + projectId + "/webhooks";
        String receiverBase = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/propagation";
        String hookId = call("POST", hooks, admin, "{\"url\":\"" + receiverBase + "/first\"}").get("id").asText();

        long changed = System.nanoTime();
        String secret = callOn(ports[0], "POST", hooks + "/" + hookId + "/rotate-secret", admin, null).get("secret").asText();
        List<String> signed = deliverToEachInstance(phone);
        awaitPropagated(signed);
        for (String wamid : signed) {
            Forward forward = propagated.get(wamid);
            assertEquals("/propagation/first", forward.path());
            assertEquals(Meta.signature(secret, forward.body()), forward.signature(),
                    "a delivery right after the rotation is signed with the new secret, whichever instance forwards it");
        }
        System.out.printf("SCALE a secret rotated on instance 0: deliveries to every instance %d ms later signed with it%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed));

        callOn(ports[1], "PATCH", hooks + "/" + hookId, admin, "{\"url\":\"" + receiverBase + "/moved\"}");
        List<String> moved = deliverToEachInstance(phone);
        awaitPropagated(moved);
        for (String wamid : moved) {
            assertEquals("/propagation/moved", propagated.get(wamid).path(), "a delivery right after the URL changed");
        }

        callOn(ports[2], "PATCH", hooks + "/" + hookId, admin, "{\"enabled\":false}");
        List<String> unsent = deliverToEachInstance(phone);
        try (Connection c = primary(); java.sql.PreparedStatement s = c.prepareStatement(
                "select count(*) from log_entry where message_id = any (?) and webhook_id is null and flyout_url = '-'")) {
            s.setArray(1, c.createArrayOf("text", unsent.toArray()));
            try (ResultSet rows = s.executeQuery()) {
                assertTrue(rows.next());
                assertEquals(unsent.size(), rows.getInt(1), "deliveries right after the endpoint was disabled are not forwarded");
            }
        }
        pause(1_000);
        assertTrue(unsent.stream().noneMatch(propagated::containsKey), "nothing sent to a disabled endpoint");
    }

    /** Two signed deliveries straight to each instance, each answered 200; their message ids. */
    private List<String> deliverToEachInstance(String phone) {
        List<String> wamids = new ArrayList<>();
        for (int port : ports) {
            for (int n = 0; n < 2; n++) {
                String wamid = Meta.wamid();
                assertEquals(200, postTo(port, Meta.singleStatus(phone, wamid, "delivered")));
                wamids.add(wamid);
            }
        }
        return wamids;
    }

    private void awaitPropagated(List<String> wamids) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> wamids.stream().allMatch(propagated::containsKey));
    }

    /**
     * A bulk delete of every entry of the project, started through nginx, is taken up by one instance; that one is
     * killed with {@code kill -9} in the middle; another takes the job up when its lease runs out and goes on from
     * the last batch that committed. Every instance reports the same progress while it runs, the job ends with
     * every matching entry deleted and counted once, and it is audited once.
     */
    private void bulkDeleteResumesOnAnotherInstanceWhenItsInstanceIsKilled(String admin, String project, String writer)
            throws Exception {
        long before = countEntries(project);
        HttpResponse<String> started = send(nginxPort, "POST", "/v1/logs/bulk-delete", writer,
                "{\"filter\":{},\"all\":true}", Map.of());
        assertEquals(202, started.statusCode(), started.body());
        String jobId = JSON.readTree(started.body()).path("data").path("job_id").asText();
        String reader = mint(admin, project, "[\"logs:read\"]");

        int runner = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> instanceThatTookUp(jobId, ""), i -> i >= 0);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> job(ports[runner], reader, jobId).path("done").asLong() >= 100);
        for (int port : ports) {
            JsonNode seen = job(port, reader, jobId);
            assertEquals("running", seen.path("state").asText(), "the job as instance on port " + port + " reports it");
            assertEquals(before, seen.path("matching").asLong(), "counted once, the same on every instance");
        }
        instances[runner].destroyForcibly();                       // kill -9, in the middle of the job
        assertTrue(instances[runner].waitFor(30, TimeUnit.SECONDS));
        long killed = System.nanoTime();
        int survivor = (runner + 1) % INSTANCES;
        long atKill = job(ports[survivor], reader, jobId).path("done").asLong();
        assertTrue(atKill < before, "killed before the job ended: " + atKill + " of " + before);

        int resumer = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> instanceThatTookUp(jobId, " again after"), i -> i >= 0);
        assertTrue(resumer != runner, "taken up again by another instance");
        long lastDone = atKill;
        JsonNode ended;
        int polls = 0;
        do {
            pause(200);
            ended = job(ports[(runner + 1 + polls++ % 2) % INSTANCES], reader, jobId); // from each survivor in turn
            assertTrue(ended.path("done").asLong() >= lastDone, "progress never goes back");
            lastDone = ended.path("done").asLong();
            assertTrue(System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(120), "the job did not end: " + ended);
        } while (!ended.path("state").asText().equals("done"));
        System.out.printf("SCALE bulk delete: instance %d killed at %d of %d, taken up again by instance %d, done in "
                + "%d ms after the kill%n", runner, atKill, before, resumer,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
        assertEquals(before, ended.path("done").asLong(), "every matching entry counted once");
        assertEquals(0, countEntries(project), "every matching entry deleted");
        try (Connection c = primary(); java.sql.PreparedStatement s = c.prepareStatement(
                "select count(*), max(count) from audit_record where action = 'log.bulk_delete_job' and target->>'job_id' = ?")) {
            s.setString(1, jobId);
            try (ResultSet rows = s.executeQuery()) {
                assertTrue(rows.next());
                assertEquals(1, rows.getInt(1), "audited once");
                assertEquals(before, rows.getLong(2));
            }
        }
    }

    private static JsonNode job(int port, String reader, String jobId) throws Exception {
        return callOn(port, "GET", "/v1/jobs/" + jobId, reader, null).path("data");
    }

    /** The instance whose log says it took the job up (again, with {@code how} " again after"); -1 for none yet. */
    private int instanceThatTookUp(String jobId, String how) throws IOException {
        for (int i = 0; i < INSTANCES; i++) {
            if (Files.readString(dir.resolve("instance-" + i + ".log")).contains("job " + jobId + " (bulk_delete): taken up" + how)) {
                return i;
            }
        }
        return -1;
    }

    private long countEntries(String project) throws Exception {
        try (Connection c = primary(); java.sql.PreparedStatement s = c.prepareStatement(
                "select count(*) from log_entry where project_id = ?")) {
            s.setString(1, project);
            try (ResultSet rows = s.executeQuery()) {
                assertTrue(rows.next());
                return rows.getLong(1);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks every instance in turn, over and over, until each has answered {@code status} once, for at most two seconds
     * from the change; a failure names the instances that still let the token in.
     */
    private void awaitRefusedEverywhere(String token, String path, int status) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(2);
        long[] refusedAfter = new long[INSTANCES];
        Arrays.fill(refusedAfter, -1);
        int left = INSTANCES;
        while (left > 0) {
            for (int i = 0; i < INSTANCES; i++) {
                if (refusedAfter[i] < 0 && send(ports[i], "GET", path, token, null, Map.of()).statusCode() == status) {
                    refusedAfter[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    left--;
                }
            }
            if (left > 0) {
                assertTrue(System.nanoTime() < deadline, "not " + status + " everywhere 2 s after the change: "
                        + "ms after it per instance (-1: not yet) " + Arrays.toString(refusedAfter));
                pause(20);
            }
        }
        System.out.printf("SCALE %d on all three instances %d ms after the change (per instance: %s)%n", status,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), Arrays.toString(refusedAfter));
    }

    /**
     * Every message id of the project's entries, with how many entries carry it, paging through nginx as a client
     * does (waiting when told to by a 429), checking that the pages come in page order with no entry twice.
     */
    private Map<String, Integer> storedMessageIds(String reader) throws Exception {
        Map<String, Integer> ids = new HashMap<>();
        String next = null;
        long lastCreated = Long.MIN_VALUE;
        long lastId = Long.MIN_VALUE;
        while (true) {
            String path = "/v1/logs?pageSize=20" + (next == null ? "" : "&nextPageToken=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            HttpResponse<String> response = send(nginxPort, "GET", path, reader, null, Map.of());
            if (response.statusCode() == 429) {
                Thread.sleep(Long.parseLong(response.headers().firstValue("Retry-After").orElse("1")) * 1000);
                continue;
            }
            assertEquals(200, response.statusCode(), response.body());
            JsonNode page = JSON.readTree(response.body());
            for (JsonNode entry : page.path("data").path("logs")) {
                long created = Long.parseLong(entry.path("created_at").asText());
                long id = Long.parseLong(entry.path("log_id").asText());
                assertTrue(created > lastCreated || created == lastCreated && id > lastId,
                        "pages out of order at " + id);
                lastCreated = created;
                lastId = id;
                Matcher wamid = WAMID.matcher(entry.path("payload").asText());
                ids.merge(wamid.find() ? wamid.group(1) : "(none)", 1, Integer::sum);
            }
            JsonNode token = page.path("data").path("next_page_token");
            next = token.isNull() || token.isMissingNode() || token.asText().isEmpty() ? null : token.asText();
            if (next == null) {
                return ids;
            }
        }
    }

    private List<String> attemptsRecordedTwice() throws Exception {
        List<String> twice = new ArrayList<>();
        try (Connection c = primary(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select log_id, attempt, count(*) from flyout_attempt group by 1, 2 having count(*) > 1")) {
            while (rows.next()) {
                twice.add(rows.getLong(1) + "#" + rows.getInt(2) + " x" + rows.getInt(3));
            }
        }
        return twice;
    }
}
