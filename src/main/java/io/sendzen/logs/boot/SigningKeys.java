package io.sendzen.logs.boot;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Base64;

/** Key material generated into the data directory on first start, when none is configured. */
public final class SigningKeys {

    public static final String PRIVATE_KEY_FILE = "jwt-private.pem";
    public static final String PUBLIC_KEY_FILE = "jwt-public.pem";
    public static final String PAGE_TOKEN_KEY_FILE = "page-token.key";
    public static final String SECRET_KEY_FILE = "secret.key";

    private SigningKeys() {
    }

    /** Creates an RS256 key pair in {@code dir} unless one is there already. */
    public static void ensureJwtKeyPair(Path dir) {
        Path privateKey = dir.resolve(PRIVATE_KEY_FILE);
        Path publicKey = dir.resolve(PUBLIC_KEY_FILE);
        if (Files.isRegularFile(privateKey) && Files.isRegularFile(publicKey)) {
            return;
        }
        try {
            KeyPair pair = KeyUtils.generateKeyPair(2048);
            writeSecret(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the JWT key pair", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JWT key pair to " + dir, e);
        }
    }

    /** Returns the page-token HMAC key (32 random bytes, base64) kept in {@code dir}, generating it on first use. */
    public static String ensurePageTokenKey(Path dir) {
        Path file = dir.resolve(PAGE_TOKEN_KEY_FILE);
        try {
            if (!Files.isRegularFile(file)) {
                byte[] key = KeyUtils.generateSecretKey(SignatureAlgorithm.HS256).getEncoded();
                writeSecret(file, Base64.getEncoder().encodeToString(key));
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the page-token key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the page-token key in " + dir, e);
        }
    }

    /** Returns the data key that seals stored secrets (32 random bytes, base64) kept in {@code dir}, made on first use. */
    public static String ensureSecretKey(Path dir) {
        Path file = dir.resolve(SECRET_KEY_FILE);
        try {
            if (!Files.isRegularFile(file)) {
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                writeSecret(file, Base64.getEncoder().encodeToString(key));
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the data key in " + dir, e);
        }
    }

    /** Read as the service reads its configured signing key, so the CLI takes exactly the files the service does. */
    public static PrivateKey readPrivateKey(Path pemFile) {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(pemFile, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key " + pemFile, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the signing key " + pemFile + " is not an RSA private key in PKCS#8 PEM", e);
        }
    }

    /** smallrye-jwt reads PEM but does not write it. */
    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    private static void writeSecret(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".key", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the directory's permissions apply
        }
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
