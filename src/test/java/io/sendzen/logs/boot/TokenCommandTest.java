package io.sendzen.logs.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code token} command, run in-process against a key pair in a temporary directory. */
class TokenCommandTest {

    private static final String USAGE_START = "usage: token --admin";

    /** One key pair for the class: generating an RSA key takes a while. */
    @TempDir
    static Path keys;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void keyPair() {
        SigningKeys.ensureJwtKeyPair(keys);
    }

    @BeforeEach
    void signingKey() {
        System.setProperty(Bootstrap.SIGN_KEY_LOCATION, keys.resolve(SigningKeys.PRIVATE_KEY_FILE).toUri().toString());
    }

    @AfterEach
    void forgetSigningKey() {
        System.clearProperty(Bootstrap.SIGN_KEY_LOCATION);
    }

    private int run(String... args) {
        String[] withCommand = new String[args.length + 1];
        withCommand[0] = "token";
        System.arraycopy(args, 0, withCommand, 1, args.length);
        return TokenCommand.run(withCommand, PreBootConfig.load(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String printedToken() {
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), "stdout: " + lines);
        return lines.get(0);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode json(String base64url) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(base64url));
    }

    private static List<String> groups(JsonNode claims) {
        List<String> groups = new ArrayList<>();
        claims.get("groups").forEach(g -> groups.add(g.asText()));
        return groups;
    }

    private JsonNode verifiedClaims(String token) throws Exception {
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length, token);
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(publicKey());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])), "signature does not verify");
        assertEquals("RS256", json(parts[0]).get("alg").asText());
        return json(parts[1]);
    }

    private PublicKey publicKey() throws Exception {
        String pem = Files.readString(keys.resolve(SigningKeys.PUBLIC_KEY_FILE), StandardCharsets.US_ASCII);
        byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void adminTokenIsSignedWithTheConfiguredKey() throws Exception {
        assertEquals(0, run("--admin"));
        JsonNode claims = verifiedClaims(printedToken());
        assertEquals(List.of("admin"), groups(claims));
        assertEquals("sendzen-logs", claims.get("iss").asText());
        assertNull(claims.get("project_id"));
        assertTrue(errors().startsWith("expires at "), errors());
    }

    @Test
    void adminTokenLastsOneHourByDefault() throws Exception {
        long before = Instant.now().getEpochSecond();
        assertEquals(0, run("--admin"));
        long exp = verifiedClaims(printedToken()).get("exp").asLong();
        assertTrue(exp >= before + 3600 && exp <= Instant.now().getEpochSecond() + 3600, "exp " + exp);
    }

    @Test
    void projectTokenCarriesProjectScopesAndTtl() throws Exception {
        long before = Instant.now().getEpochSecond();
        assertEquals(0, run("--project", "42", "--scope", "logs:read", "--scope", "logs:write", "--ttl", "30m"));
        JsonNode claims = verifiedClaims(printedToken());
        assertEquals("42", claims.get("project_id").asText());
        assertEquals(List.of("logs:read", "logs:write"), groups(claims));
        long exp = claims.get("exp").asLong();
        assertTrue(exp >= before + 1800 && exp <= Instant.now().getEpochSecond() + 1800, "exp " + exp);
    }

    @Test
    void projectTokenDefaultsToLogsRead() throws Exception {
        assertEquals(0, run("--project", "42"));
        assertEquals(List.of("logs:read"), groups(verifiedClaims(printedToken())));
    }

    @Test
    void missingSigningKeyExitsWithOne() {
        System.setProperty(Bootstrap.SIGN_KEY_LOCATION, keys.resolve("absent.pem").toString());
        assertEquals(1, run("--admin"));
        assertTrue(errors().startsWith("no signing key at "), errors());
        assertTrue(out.toString(StandardCharsets.UTF_8).isEmpty());
    }

    @Test
    void neitherAdminNorProjectIsAUsageError() {
        assertUsageError(run(), "give either --admin or --project");
    }

    @Test
    void adminAndProjectTogetherIsAUsageError() {
        assertUsageError(run("--admin", "--project", "42"), "give either --admin or --project");
    }

    @Test
    void adminScopeForAProjectIsAUsageError() {
        assertUsageError(run("--project", "42", "--scope", "admin"), "unknown scope admin (logs:read, logs:write, messages:send)");
    }

    @Test
    void scopeWithAdminIsAUsageError() {
        assertUsageError(run("--admin", "--scope", "logs:read"), "--scope goes with --project");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertUsageError(run("--admin", "--forever"), "unknown option --forever");
    }

    @Test
    void optionWithoutValueIsAUsageError() {
        assertUsageError(run("--project"), "--project needs a value");
    }

    @Test
    void optionFollowedByAnotherOptionIsAUsageError() {
        assertUsageError(run("--project", "--admin"), "--project needs a value");
    }

    @Test
    void malformedTtlIsAUsageError() {
        assertUsageError(run("--admin", "--ttl", "1w"), "--ttl takes a duration such as 3600, 30m, 1h or 7d");
    }

    @Test
    void zeroTtlIsAUsageError() {
        assertUsageError(run("--admin", "--ttl", "0"), "--ttl must be positive");
    }

    @Test
    void ttlWithoutUnitIsSeconds() {
        assertEquals(Duration.ofSeconds(3600), TokenCommand.parseTtl("3600"));
    }

    @Test
    void ttlUnitsAreSecondsMinutesHoursAndDays() {
        assertEquals(Duration.ofSeconds(45), TokenCommand.parseTtl("45s"));
        assertEquals(Duration.ofMinutes(30), TokenCommand.parseTtl("30m"));
        assertEquals(Duration.ofHours(1), TokenCommand.parseTtl("1h"));
        assertEquals(Duration.ofDays(7), TokenCommand.parseTtl("7d"));
    }

    @Test
    void ttlAroundBlanksIsTrimmed() {
        assertEquals(Duration.ofMinutes(5), TokenCommand.parseTtl(" 5m "));
    }

    @Test
    void ttlWithoutNumberIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TokenCommand.parseTtl("h"));
    }

    @Test
    void negativeTtlIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TokenCommand.parseTtl("-5m"));
    }

    @Test
    void ttlBeyondTheCalendarIsAUsageErrorNotACrash() {
        assertUsageError(run("--admin", "--ttl", "999999999999999d"), "--ttl is too long");
    }

    @Test
    void uppercaseTtlUnitIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TokenCommand.parseTtl("1H"));
    }

    private void assertUsageError(int exitCode, String message) {
        assertEquals(2, exitCode);
        List<String> lines = errors().lines().toList();
        assertEquals(List.of(message), lines.subList(0, 1), errors());
        assertTrue(lines.get(1).startsWith(USAGE_START), errors());
        assertFalse(lines.size() > 2, errors());
        assertTrue(out.toString(StandardCharsets.UTF_8).isEmpty());
    }
}
