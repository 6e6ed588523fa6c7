package io.storyreel.sim.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.SimExchange;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Checks a Kling {@code Authorization: Bearer <jwt>} header as spec §1.2 describes: HS256 signed with the secret key's
 * UTF-8 bytes, {@code iss} = a known access key, {@code exp} in the future, {@code nbf} (when present) in the past,
 * no leeway. The outcome is the documented 100x code.
 */
final class KlingAuth {

    /** Result: {@code code} 0 with the access key, or an auth code with its doc wording. */
    record Outcome(int code, String message, String accessKey) {
        boolean ok() {
            return code == 0;
        }
    }

    static final Map<Integer, String> MESSAGES = Map.of(
            1000, "Authentication failed",
            1001, "Authorization is empty",
            1002, "Authorization is invalid",
            1003, "Authorization is not yet valid",
            1004, "Authorization has expired");

    private final Map<String, String> secretsByAccessKey;

    KlingAuth(Map<String, String> secretsByAccessKey) {
        this.secretsByAccessKey = new java.util.concurrent.ConcurrentHashMap<>(secretsByAccessKey);
    }

    /** Accepts one more key pair (a second account, e.g. another chat member's keys). */
    void add(String accessKey, String secretKey) {
        secretsByAccessKey.put(accessKey, secretKey);
    }

    static Outcome fail(int code, String accessKey) {
        return new Outcome(code, MESSAGES.getOrDefault(code, "Authentication failed"), accessKey);
    }

    Outcome check(String authorization, Instant now) {
        if (authorization == null || authorization.isBlank()) {
            return fail(1001, null);
        }
        if (!authorization.startsWith("Bearer ")) {
            return fail(1002, null);
        }
        String token = authorization.substring("Bearer ".length());
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return fail(1002, null);
        }
        JsonNode header;
        JsonNode payload;
        try {
            header = SimExchange.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            payload = SimExchange.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception e) {
            return fail(1002, null);
        }
        if (header == null || payload == null || !header.isObject() || !payload.isObject()
                || !"HS256".equals(header.path("alg").asText())) {
            return fail(1002, null);
        }
        String iss = payload.path("iss").asText(null);
        String secret = iss == null ? null : secretsByAccessKey.get(iss);
        if (secret == null) {
            return fail(1000, iss);
        }
        if (!signatureMatches(parts[0] + "." + parts[1], parts[2], secret)) {
            return fail(1000, iss);
        }
        JsonNode exp = payload.get("exp");
        if (exp == null || !exp.isNumber()) {
            return fail(1002, iss);
        }
        JsonNode nbf = payload.get("nbf");
        if (nbf != null && !nbf.isNumber()) {
            return fail(1002, iss);
        }
        long nowSeconds = now.getEpochSecond();
        if (nbf != null && nbf.asLong() > nowSeconds) {
            return fail(1003, iss);
        }
        if (exp.asLong() <= nowSeconds) {
            return fail(1004, iss);
        }
        return new Outcome(0, "SUCCEED", iss);
    }

    private static boolean signatureMatches(String signingInput, String signature, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            byte[] given = Base64.getUrlDecoder().decode(signature);
            return MessageDigest.isEqual(expected, given);
        } catch (IllegalArgumentException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
