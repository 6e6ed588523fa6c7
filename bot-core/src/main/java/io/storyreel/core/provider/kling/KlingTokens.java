package io.storyreel.core.provider.kling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.provider.limits.AccountId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mints Kling's HS256 JWT (spec §1.2: {@code iss}=AK, {@code exp}=now+1800 s, {@code nbf}=now-5 s, header
 * {@code typ: JWT}, signed with the SK's UTF-8 bytes) and caches one per key pair until five minutes before it
 * expires. The SK and every token are registered with {@link SecretRegistry}, so logs mask them.
 */
final class KlingTokens {
    static final Duration LIFETIME = Duration.ofSeconds(1800);
    static final Duration BACKDATE = Duration.ofSeconds(5);
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final Clock clock;
    private final Map<String, Token> cache = new ConcurrentHashMap<>();

    private record Token(String jwt, Instant expires) {
        @Override
        public String toString() {
            return "Token[expires=" + expires + "]";
        }
    }

    KlingTokens(Clock clock) {
        this.clock = clock;
    }

    String token(String accessKey, String secretKey) {
        String cacheKey = cacheKey(accessKey, secretKey);
        Instant now = clock.instant();
        Token t = cache.get(cacheKey);
        if (t == null || !now.plus(RENEW_BEFORE).isBefore(t.expires())) {
            t = mint(accessKey, secretKey, now);
            cache.put(cacheKey, t);
        }
        return t.jwt();
    }

    /** Forget the cached token (Kling said it is expired or not yet valid), so the next call mints a new one. */
    void invalidate(String accessKey, String secretKey, String jwt) {
        cache.computeIfPresent(cacheKey(accessKey, secretKey), (k, t) -> t.jwt().equals(jwt) ? null : t);
    }

    private Token mint(String accessKey, String secretKey, Instant now) {
        SecretRegistry.register(secretKey);
        // whole seconds, as in the official sample; java-jwt also truncates Date to seconds
        Instant base = Instant.ofEpochSecond(now.getEpochSecond());
        Instant exp = base.plus(LIFETIME);
        String jwt = JWT.create()
                .withHeader(Map.of("typ", "JWT"))
                .withIssuer(accessKey)
                .withExpiresAt(Date.from(exp))
                .withNotBefore(Date.from(base.minus(BACKDATE)))
                .sign(Algorithm.HMAC256(secretKey));
        SecretRegistry.register(jwt);
        return new Token(jwt, exp);
    }

    private static String cacheKey(String accessKey, String secretKey) {
        return accessKey + "/" + AccountId.of(secretKey);
    }
}
