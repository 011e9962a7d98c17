package io.sendzen.logs.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of {@code openapi.yaml} driven with generated bad input over raw HTTP: wrong types, huge and
 * negative numbers, invalid UTF-8, repeated parameters, deep JSON, oversized targets and headers, wrong content types,
 * tokens of another project, tampered tokens. No answer is a 5xx, every error is JSON in the envelope, nothing stored
 * changes, and the service is still ready. {@code -Dfuzz.requests=N} (default 20,000) and {@code -Dfuzz.seed=S}.
 * Requests stay HTTP: a request line broken by a raw space, or a line or header block beyond the codec's limits
 * (64 KiB, 128 KiB), is refused by the HTTP codec itself with an empty 400, 414 or 431 before the service sees it.
 */
@QuarkusTest
class HttpFuzzTest {

    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 20_000);
    private static final long SEED = Long.getLong("fuzz.seed", 20261202L);

    @Inject
    AgroalDataSource dataSource;

    /** One operation of the contract: its method, its path template and the names of its query parameters. */
    private record Operation(String method, String path, List<String> query) {
    }

    private Random random;
    private String sentinel;
    private String sentinelReader;
    private String otherProjectToken;
    private String admin;

    @Test
    void generatedBadInputNeverBreaksTheServiceNorChangesWhatIsStored() throws Exception {
        random = new Random(SEED);
        sentinel = Admin.createProject();
        String phone = Admin.addPhoneNumber(sentinel);
        // no webhook: its forwards would change the entries while the campaign runs
        for (int i = 0; i < 5; i++) {
            Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        }
        sentinelReader = TestTokens.project(sentinel, Scopes.LOGS_READ);
        otherProjectToken = TestTokens.project(Admin.createProject(), Scopes.LOGS_READ, Scopes.LOGS_WRITE);
        admin = TestTokens.admin();
        String before = snapshot();

        List<Operation> operations = operations();
        assertTrue(operations.size() >= 20, "operations read from openapi.yaml: " + operations.size());
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> broken = new ArrayList<>();
        try (Client client = new Client(RestAssured.port)) {
            for (int i = 0; i < REQUESTS; i++) {
                Operation operation = operations.get(random.nextInt(operations.size()));
                byte[] request = request(operation);
                Client.Answer answer = client.exchange(request);
                byStatus.merge(answer.status(), 1, Integer::sum);
                String problem = problem(answer);
                if (problem != null && broken.size() < 20) {
                    broken.add(problem + " <- " + new String(request, 0, Math.min(request.length, 300), StandardCharsets.ISO_8859_1));
                }
            }
        }
        System.out.println("FUZZ " + REQUESTS + " requests (seed " + SEED + "), answers by status: " + byStatus);

        assertEquals(List.of(), broken, "answers that break the rules");
        assertTrue(byStatus.keySet().stream().noneMatch(s -> s >= 500), "no 5xx: " + byStatus);
        String after = snapshot();
        List<String> changed = new ArrayList<>(after.lines().filter(l -> !before.lines().toList().contains(l)).toList());
        changed.addAll(before.lines().filter(l -> !after.lines().toList().contains(l)).map(l -> "gone: " + l).toList());
        assertEquals(List.of(), changed, "what is stored for the sentinel project did not change");
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
        RestAssured.given().auth().oauth2(sentinelReader).get("/v1/logs").then().statusCode(200);
    }

    private static final List<String> EXPORT_TYPES = List.of("application/x-ndjson", "text/csv");

    /** Why the answer breaks the rules, or null. */
    private static String problem(Client.Answer answer) {
        int status = answer.status();
        if (status >= 500) {
            return "status " + status;
        }
        if (status == 204 || status == 304) {
            return null;
        }
        String type = answer.header("content-type");
        // the export's own formats, which openapi.yaml declares for its success; its errors are JSON as any other
        if (status < 300 && type != null && EXPORT_TYPES.stream().anyMatch(type.toLowerCase(Locale.ROOT)::startsWith)) {
            return null;
        }
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return "status " + status + " with content type " + type;
        }
        JsonNode body;
        try {
            body = new ObjectMapper().readTree(answer.body());
        } catch (IOException e) {
            return "status " + status + " with a body that is not JSON";
        }
        if (status >= 400 && (body == null || !body.isObject() || !body.has("message"))) {
            return "status " + status + " without the error envelope: " + answer.bodyText();
        }
        return null;
    }

    /** The sentinel project, its entries, its endpoints and routes, as text. */
    private String snapshot() throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : List.of(
                    "select row_to_json(p)::text from project p where id = '" + sentinel + "'",
                    "select row_to_json(e)::text from (select * from log_entry where project_id = '" + sentinel
                            + "' order by log_id) e",
                    "select row_to_json(w)::text from (select id, url, enabled, secret, event_types from webhook_endpoint"
                            + " where project_id = '" + sentinel + "' order by id) w",
                    "select row_to_json(n)::text from (select * from phone_number where project_id = '" + sentinel
                            + "' order by 1) n",
                    "select count(*)::text from project")) {
                try (ResultSet rows = s.executeQuery(sql)) {
                    while (rows.next()) {
                        out.append(rows.getString(1)).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    private static List<Operation> operations() throws IOException {
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(Path.of("openapi.yaml").toFile());
        JsonNode shared = spec.path("components").path("parameters");
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : List.of("get", "post", "patch", "put", "delete")) {
                JsonNode operation = path.getValue().get(method);
                if (operation == null) {
                    continue;
                }
                List<String> query = new ArrayList<>();
                for (JsonNode parameter : operation.path("parameters")) {
                    JsonNode resolved = parameter.has("$ref")
                            ? shared.path(parameter.get("$ref").asText().substring("#/components/parameters/".length()))
                            : parameter;
                    if ("query".equals(resolved.path("in").asText())) {
                        query.add(resolved.path("name").asText());
                    }
                }
                operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey(), query));
            }
            // methods the contract does not have on the path: 405 in the envelope
            operations.add(new Operation("PUT", path.getKey(), List.of()));
        }
        return operations;
    }

    // --- generation ---

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private String junk(int max) {
        int length = random.nextInt(max + 1);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) (0x20 + random.nextInt(0x5f)));
        }
        return s.toString();
    }

    /**
     * A value for a path or query parameter, percent-encoded or not (an unencoded one can be invalid on purpose), but
     * never with a raw space: that would not be a request line at all, and is the HTTP codec's to refuse (see below).
     */
    private String value() {
        return rawValue().replace(" ", "+").replace("#", "%23");
    }

    private String rawValue() {
        return switch (random.nextInt(16)) {
            case 0 -> "";
            case 1 -> Long.toString(random.nextLong());
            case 2 -> "-" + random.nextInt(1000);
            case 3 -> "99999999999999999999999999999999";
            case 4 -> "1e308";
            case 5 -> "%C3%28%FF%FE";                        // invalid UTF-8
            case 6 -> "%00" + junk(5);                        // NUL
            case 7 -> "%ED%A0%80";                            // an encoded surrogate
            case 8 -> "x".repeat(1 + random.nextInt(3000));
            case 9 -> pick(List.of("Message%20Status", "Incoming%20Message", "Other", "sent", "-", "asc", "desc",
                    "2xx", "200", "638400000000000000", "true", "null", "%20"));
            case 10 -> "%" + junk(2).replace("%", "");        // a broken escape
            case 11 -> "caf%C3%A9%F0%9F%98%80";               // valid UTF-8
            case 12 -> "..%2F..%2Fetc%2Fpasswd";
            case 13 -> "%7B%22a%22%3A1%7D";
            case 14 -> junk(20).replace(" ", "%20").replace("#", "%23").replace("%", "%25");
            default -> "wamid.HBgL" + random.nextInt(1_000_000);
        };
    }

    private String path(String template) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                out.append(template, at, template.length());
                break;
            }
            out.append(template, at, open);
            int close = template.indexOf('}', open);
            String name = template.substring(open + 1, close);
            // the sentinel project's real id only for reads: nothing is changed, and tokens of other projects are tried on it
            out.append(name.equals("projectId") && random.nextInt(4) == 0 ? sentinel : value().replace("/", "%2F"));
            at = close + 1;
        }
        return out.toString();
    }

    private String query(Operation operation) {
        List<String> names = new ArrayList<>(operation.query());
        names.add(junk(8).replace(" ", "").replace("&", "").replace("=", "").replace("#", ""));
        StringBuilder out = new StringBuilder();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            out.append(out.isEmpty() ? '?' : '&');
            String name = names.isEmpty() ? "x" : pick(names);
            out.append(name).append('=').append(value());
            if (random.nextInt(5) == 0) {
                out.append('&').append(name).append('=').append(value());   // repeated
            }
        }
        return out.toString();
    }

    private String token() {
        return switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> otherProjectToken;
            case 2 -> sentinelReader;
            case 3 -> tamper(sentinelReader);
            case 4 -> tamper(admin);
            case 5 -> junk(60).replace(" ", "");
            case 6 -> TestTokens.expiredAdmin();
            default -> admin;
        };
    }

    private String tamper(String token) {
        char[] chars = token.toCharArray();
        int at = random.nextInt(chars.length);
        chars[at] = chars[at] == 'a' ? 'b' : 'a';
        return new String(chars);
    }

    private byte[] body() {
        return switch (random.nextInt(10)) {
            case 0 -> new byte[0];
            case 1 -> junk(200).getBytes(StandardCharsets.UTF_8);
            case 2 -> ("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8);
            case 3 -> new byte[]{'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            case 4 -> "{\"name\":123,\"enabled\":\"yes\",\"retention_days\":-5,\"scopes\":\"logs:read\"}".getBytes(StandardCharsets.UTF_8);
            case 5 -> "{\"ttl_seconds\":1e400,\"retention_days\":99999999999999999999,\"url\":\"http://169.254.169.254/\"}".getBytes(StandardCharsets.UTF_8);
            case 6 -> "[]".getBytes(StandardCharsets.UTF_8);
            case 7 -> "{\"name\":\"a\\u0000b\",\"id\":\"x\\u0000\"}".getBytes(StandardCharsets.UTF_8);
            case 8 -> "{\"url\":\"https://example.com/\",\"event_types\":[1,{},null]}".getBytes(StandardCharsets.UTF_8);
            default -> "null".getBytes(StandardCharsets.UTF_8);
        };
    }

    private byte[] request(Operation operation) {
        String target = path(operation.path()) + query(operation);
        if (random.nextInt(200) == 0) {
            target = operation.path().replace("{", "").replace("}", "") + "?q=" + "y".repeat(9_000 + random.nextInt(40_000));
        }
        StringBuilder head = new StringBuilder();
        head.append(operation.method()).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
        String token = token();
        boolean destructive = !operation.method().equals("GET");
        if (token != null) {
            // the admin token never changes the sentinel project: destructive requests with it go to other ids
            if (destructive && token.equals(admin) && target.contains(sentinel)) {
                token = otherProjectToken;
            }
            head.append("Authorization: ").append(random.nextInt(20) == 0 ? "Basic " : "Bearer ").append(token).append("\r\n");
        }
        if (random.nextInt(200) == 0) {
            head.append("X-Padding: ").append("p".repeat(17_000 + random.nextInt(40_000))).append("\r\n");
        }
        byte[] body = destructive || random.nextInt(10) == 0 ? body() : new byte[0];
        if (operation.path().equals("/v1/webhooks/whatsapp")) {
            // never Meta's valid signature: what it signs would be stored
            if (random.nextBoolean()) {
                head.append("X-Hub-Signature-256: sha256=").append("0".repeat(64)).append("\r\n");
            }
        }
        String type = pick(List.of("application/json", "application/json", "text/plain", "application/xml",
                "multipart/form-data; boundary=x", "application/json; charset=latin1", ""));
        if (!type.isEmpty() && body.length > 0) {
            head.append("Content-Type: ").append(type).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** HTTP/1.1 over one kept-alive socket, opened again whenever the service closes it. */
    private static final class Client implements AutoCloseable {

        record Answer(int status, Map<String, String> headers, byte[] body) {
            String header(String name) {
                return headers.get(name);
            }

            String bodyText() {
                return new String(body, StandardCharsets.UTF_8);
            }
        }

        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Client(int port) {
            this.port = port;
        }

        Answer exchange(byte[] request) throws IOException {
            for (int attempt = 0; ; attempt++) {
                try {
                    if (socket == null) {
                        socket = new Socket("localhost", port);
                        socket.setSoTimeout(30_000);
                        in = new java.io.BufferedInputStream(socket.getInputStream());
                        out = socket.getOutputStream();
                    }
                    out.write(request);
                    out.flush();
                    Answer answer = read();
                    if ("close".equalsIgnoreCase(answer.header("connection"))) {
                        close();
                    }
                    return answer;
                } catch (IOException e) {
                    close();
                    if (attempt == 1) {
                        throw e;
                    }
                }
            }
        }

        private Answer read() throws IOException {
            String statusLine = line();
            if (statusLine == null) {
                throw new IOException("closed before an answer");
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new TreeMap<>();
            for (String line; !(line = line()).isEmpty(); ) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int size; (size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0; ) {
                    all.writeBytes(in.readNBytes(size));
                    line();
                }
                line();
                body = all.toByteArray();
            } else {
                body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            }
            return new Answer(status, headers, body);
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != -1; ) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                line.write(b);
            }
            return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // reopened by the next exchange
                }
                socket = null;
            }
        }
    }
}
