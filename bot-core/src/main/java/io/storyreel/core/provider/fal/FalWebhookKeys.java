package io.storyreel.core.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The Ed25519 keys fal signs its webhooks with, fetched from its JWKS ({@code keys[]} with {@code kty:"OKP"},
 * {@code crv:"Ed25519"}, {@code x} = the raw public key in base64url; spec providers-next §2.6) and kept for at most
 * a day. A signature no kept key verifies makes one fresh fetch (fal may have rotated its keys), but not more often
 * than every five minutes, so forged webhooks cannot make the bot hammer fal's key server. When the keys cannot be
 * fetched nothing verifies: an unverified webhook is ignored, and polling carries on as before.
 */
final class FalWebhookKeys {
    private static final Logger log = LoggerFactory.getLogger(FalWebhookKeys.class);
    static final Duration KEEP = Duration.ofHours(24);
    static final Duration REFETCH_GAP = Duration.ofMinutes(5);
    private static final int MAX_BODY = 64 * 1024;
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the raw 32-byte key follows it. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final OkHttpClient http;
    private final String jwksUrl;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private List<PublicKey> keys = List.of();
    private Instant fetchedAt;
    private Instant triedAt;

    FalWebhookKeys(OkHttpClient http, String jwksUrl, Clock clock) {
        this.http = http;
        this.jwksUrl = jwksUrl;
        this.clock = clock;
    }

    /** Whether one of fal's keys signed {@code message} with {@code signature}. */
    boolean verify(byte[] message, byte[] signature) {
        if (matches(current(false), message, signature)) {
            return true;
        }
        return matches(current(true), message, signature);
    }

    private synchronized List<PublicKey> current(boolean afterAMiss) {
        Instant now = clock.instant();
        boolean stale = fetchedAt == null || now.isAfter(fetchedAt.plus(KEEP));
        boolean mayTry = triedAt == null || !now.isBefore(triedAt.plus(REFETCH_GAP));
        if ((stale || afterAMiss) && mayTry) {
            triedAt = now;
            try {
                keys = fetch();
                fetchedAt = now;
            } catch (IOException | RuntimeException e) {
                log.warn("fal.ai's webhook keys could not be fetched from {}: {}", jwksUrl, e.toString());
                if (stale) {
                    keys = List.of();
                }
            }
        }
        return keys;
    }

    private List<PublicKey> fetch() throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(jwksUrl).get().build()).execute()) {
            ResponseBody body = r.body();
            if (!r.isSuccessful() || body == null) {
                throw new IOException("HTTP " + r.code());
            }
            JsonNode jwks = json.readTree(body.byteStream().readNBytes(MAX_BODY));
            List<PublicKey> out = new ArrayList<>();
            for (JsonNode k : jwks.path("keys")) {
                if ("OKP".equals(k.path("kty").asText()) && "Ed25519".equals(k.path("crv").asText())) {
                    PublicKey key = ed25519(k.path("x").asText(""));
                    if (key != null) {
                        out.add(key);
                    }
                }
            }
            if (out.isEmpty()) {
                throw new IOException("no Ed25519 key in the JWKS");
            }
            return List.copyOf(out);
        }
    }

    private static PublicKey ed25519(String x) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(x.replace("=", ""));
            if (raw.length != 32) {
                return null;
            }
            byte[] der = new byte[SPKI_PREFIX.length + raw.length];
            System.arraycopy(SPKI_PREFIX, 0, der, 0, SPKI_PREFIX.length);
            System.arraycopy(raw, 0, der, SPKI_PREFIX.length, raw.length);
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return null;
        }
    }

    private static boolean matches(List<PublicKey> keys, byte[] message, byte[] signature) {
        for (PublicKey k : keys) {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(k);
                s.update(message);
                if (s.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // a malformed signature verifies against no key
            }
        }
        return false;
    }
}
