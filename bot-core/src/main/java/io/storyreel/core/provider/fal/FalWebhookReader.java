package io.storyreel.core.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.core.provider.CallbackReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * fal's completion webhook (spec providers-next §2.6), believed only with a good Ed25519 signature: the four
 * {@code X-Fal-Webhook-*} headers, the message {@code request_id\nuser_id\ntimestamp\nhex(sha256(raw body))} verified
 * against fal's published keys, the timestamp within five minutes of our clock, and the signed request id the same as
 * the body's. An unsigned or badly signed webhook is logged and refused (400) and changes nothing; a good one names the
 * request, so the engine polls that clip at once (the poll, with the user's key, decides what happened). The request
 * is named as the client stored it: the app from the webhook URL's {@code app} parameter (the client puts it there)
 * and the {@code request_id}. The webhook's {@code user_id} is not compared with the account: the bot does not know
 * its users' fal user ids, and the signature already proves fal sent it.
 */
final class FalWebhookReader implements CallbackReader {
    private static final Logger log = LoggerFactory.getLogger(FalWebhookReader.class);
    static final Duration WINDOW = Duration.ofSeconds(300);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FalWebhookKeys keys;
    private final Clock clock;

    FalWebhookReader(FalWebhookKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** A body alone carries no signature: refused. */
    @Override
    public Callback read(byte[] body) {
        return read(Delivery.of(body));
    }

    @Override
    public Callback read(Delivery d) {
        String requestId = d.header("X-Fal-Webhook-Request-Id");
        String userId = d.header("X-Fal-Webhook-User-Id");
        String timestamp = d.header("X-Fal-Webhook-Timestamp");
        String signature = d.header("X-Fal-Webhook-Signature");
        if (requestId == null || userId == null || timestamp == null || signature == null) {
            return ignored("it is not signed", requestId);
        }
        long ts;
        byte[] sig;
        try {
            ts = Long.parseLong(timestamp.trim());
            sig = HexFormat.of().parseHex(signature.trim());
        } catch (IllegalArgumentException e) {
            return ignored("its timestamp or signature is malformed", requestId);
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - ts) > WINDOW.toSeconds()) {
            return ignored("its timestamp is " + (now - ts) + " s away from ours", requestId);
        }
        String message = requestId + "\n" + userId + "\n" + timestamp + "\n" + sha256Hex(d.body());
        if (!keys.verify(message.getBytes(StandardCharsets.UTF_8), sig)) {
            return ignored("its signature does not verify with fal.ai's keys", requestId);
        }
        JsonNode body;
        try {
            body = JSON.readTree(d.body());
        } catch (IOException e) {
            return ignored("its body is not JSON", requestId);
        }
        String bodyId = body == null ? "" : body.path("request_id").asText("");
        if (!requestId.equals(bodyId) || !FalRequestRef.REQUEST_ID.matcher(requestId).matches()) {
            return ignored("the signed request id is not the body's", requestId);
        }
        String app = d.queryParameter("app");
        if (app == null || !FalRequestRef.APP_ID.matcher(app).matches()) {
            log.info("A signed fal.ai webhook for request {} names no app; its clip is polled on schedule", requestId);
            return new Callback.NoTask();
        }
        return new Callback.TaskChanged(FalRequestRef.shortId(app, requestId));
    }

    private static Callback ignored(String why, String requestId) {
        log.warn("Ignored a fal.ai webhook{} because {}", requestId == null ? "" : " for request "
                + (FalRequestRef.REQUEST_ID.matcher(requestId).matches() ? requestId : "(malformed)"), why);
        return new Callback.Unreadable();
    }

    private static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
