package io.sendzen.logs.projects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.sendzen.logs.shared.Hashes;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.eclipse.microprofile.jwt.JsonWebToken;

import javax.crypto.SecretKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;

/**
 * The bearer tokens already verified, each remembered until its {@code exp} and for at most five minutes, so a
 * client paging through logs pays for the RS256 check and the claims parsing once, not on every page (they were
 * a third of the service's CPU per page). Only tokens that passed the full check are remembered, under the
 * SHA-256 of their text: any other text, an altered one included, is checked in full. The five minutes bound how
 * long a token stays accepted after its verification key is withdrawn. Whether the token was revoked, the project's
 * state and the scopes are still checked on every request.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    /** The longest a token stays accepted after its verification key is withdrawn. */
    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    private record Key(long a, long b, long c, long d) {
    }

    private final DefaultJWTParser parser;
    private final TokenRegistry registry;
    private final Cache<Key, JsonWebToken> verified = Caffeine.newBuilder()
            // far more tokens than clients page at once on one instance; past it the least used are verified again
            .maximumSize(4096)
            // until the token's exp, and never past the five minutes
            .expireAfter(Expiry.<Key, JsonWebToken>writing((key, token) -> untilExpiry(token)))
            .build();

    VerifiedTokens(DefaultJWTParser parser, TokenRegistry registry) {
        this.parser = parser;
        this.registry = registry;
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        Key key = key(bearerToken);
        JsonWebToken token = verified.getIfPresent(key);
        if (token == null) {
            token = new VerifiedToken(parser.parse(bearerToken));
            if (token.getExpirationTime() > 0) {
                verified.put(key, token);
            }
        }
        // on every request, cached or not: a map lookup of the ids revoked on any instance
        if (registry.isRevoked(token.getTokenID())) {
            throw new ParseException("the token has been revoked");
        }
        registry.used(token.getTokenID());
        return token;
    }

    private static Duration untilExpiry(JsonWebToken token) {
        Duration left = Duration.ofMillis(token.getExpirationTime() * 1000 - System.currentTimeMillis());
        return left.isNegative() ? Duration.ZERO : left.compareTo(MAX_AGE) < 0 ? left : MAX_AGE;
    }

    private static Key key(String bearerToken) {
        ByteBuffer digest = ByteBuffer.wrap(Hashes.sha256().digest(bearerToken.getBytes(StandardCharsets.UTF_8)));
        return new Key(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
    }

    // The rest is not used for bearer tokens; it is the parser's own.

    @Override
    public JsonWebToken parse(String bearerToken, JWTAuthContextInfo contextInfo) throws ParseException {
        return parser.parse(bearerToken, contextInfo);
    }

    @Override
    public JsonWebToken verify(String bearerToken, PublicKey key) throws ParseException {
        return parser.verify(bearerToken, key);
    }

    @Override
    public JsonWebToken verify(String bearerToken, SecretKey key) throws ParseException {
        return parser.verify(bearerToken, key);
    }

    @Override
    public JsonWebToken verify(String bearerToken, String secret) throws ParseException {
        return parser.verify(bearerToken, secret);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, PrivateKey key) throws ParseException {
        return parser.decrypt(bearerToken, key);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, SecretKey key) throws ParseException {
        return parser.decrypt(bearerToken, key);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, String secret) throws ParseException {
        return parser.decrypt(bearerToken, secret);
    }

    @Override
    public JsonWebToken parseOnly(String bearerToken) throws ParseException {
        return parser.parseOnly(bearerToken);
    }
}
