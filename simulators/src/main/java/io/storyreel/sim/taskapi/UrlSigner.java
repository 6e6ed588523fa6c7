package io.storyreel.sim.taskapi;

import com.fasterxml.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Signs download URLs the way CDNs do: a compact HS256 JWT naming what may be fetched and until when, under a secret
 * made per simulator instance, so a URL cannot be forged, outlives its expiry only in the client's imagination, and a
 * fresh one can be minted on every status answer (Runway's {@code ?_jwt=}, Veo's keyless storage redirect).
 */
public final class UrlSigner {

    /** What a valid token grants: the object and the moment it stops being valid. */
    public record Grant(String subject, Instant expires) {
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
            .getBytes(StandardCharsets.UTF_8));

    private final byte[] secret = new byte[32];

    public UrlSigner() {
        new SecureRandom().nextBytes(secret);
    }

    /** A token granting {@code subject} until {@code expires}. */
    public String sign(String subject, Instant expires) {
        String payload = B64.encodeToString(SimExchange.JSON.createObjectNode().put("sub", subject)
                .put("exp", expires.getEpochSecond()).toString().getBytes(StandardCharsets.UTF_8));
        String signed = HEADER + "." + payload;
        return signed + "." + B64.encodeToString(mac(signed));
    }

    /** The grant in {@code token} if this signer made it (expired or not), else empty. */
    public Optional<Grant> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] given = Base64.getUrlDecoder().decode(parts[2]);
            if (!MessageDigest.isEqual(given, mac(parts[0] + "." + parts[1]))) {
                return Optional.empty();
            }
            JsonNode claims = SimExchange.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return Optional.of(new Grant(claims.path("sub").asText(),
                    Instant.ofEpochSecond(claims.path("exp").asLong())));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
