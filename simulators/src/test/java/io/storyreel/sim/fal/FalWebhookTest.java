package io.storyreel.sim.fal;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks as a receiver written from spec §2.6 sees them: one POST on completion, verified with nothing but the
 * JDK's Ed25519 and the JWKS the simulator publishes; a tampered body fails; non-2xx answers are retried.
 */
class FalWebhookTest {

    private static final byte[] ED25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private FalSimulator sim;
    private FalTestClient client;
    private final WebhookReceiver receiver = new WebhookReceiver();

    private void start(FalOptions options) {
        sim = FalSimulator.start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(2),
                Duration.ofSeconds(5)), FalSimulator.DEFAULT_KEY, options);
        client = new FalTestClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void theCompletionWebhookIsSignedAndVerifiesWithThePublishedKey() throws Exception {
        start(FalOptions.defaults());
        JsonNode s = client.submit(FalTestClient.PIKA, FalTestClient.pika(), receiver.url()).json();
        String id = s.get("request_id").asText();
        assertThat(receiver.received()).isEmpty();

        clock.advance(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.received().isEmpty());

        WebhookReceiver.Received hook = receiver.received().get(0);
        JsonNode body = SimHttp.JSON.readTree(hook.body());
        assertThat(body.get("request_id").asText()).isEqualTo(id);
        assertThat(body.get("gateway_request_id").asText()).isEqualTo(id);
        assertThat(body.get("status").asText()).isEqualTo("OK");
        assertThat(body.get("error").isNull()).isTrue();
        assertThat(body.at("/payload/video/url").asText()).contains("/files/");
        assertThat(hook.headers().get("X-Fal-Webhook-Request-Id")).isEqualTo(id);
        assertThat(hook.headers().get("X-Fal-Webhook-User-Id")).isEqualTo(sim.options().userId());
        assertThat(Long.parseLong(hook.headers().get("X-Fal-Webhook-Timestamp")))
                .isCloseTo(clock.instant().getEpochSecond(), org.assertj.core.api.Assertions.within(5L));

        PublicKey key = publishedKey();
        assertThat(verifies(key, hook.headers(), hook.body())).isTrue();
        byte[] tampered = new String(hook.body(), StandardCharsets.UTF_8).replace("\"OK\"", "\"ERROR\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(verifies(key, hook.headers(), tampered)).isFalse();
        Map<String, String> otherRequest = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        otherRequest.putAll(hook.headers());
        otherRequest.put("X-Fal-Webhook-Request-Id", "00000000-0000-4000-8000-000000000000");
        assertThat(verifies(key, otherRequest, hook.body())).isFalse();

        clock.advance(Duration.ofMinutes(5));
        Thread.sleep(200);
        assertThat(receiver.received()).hasSize(1); // once, on completion only
    }

    @Test
    void anInvalidInputSendsAnErrorWebhookWithThe422Payload() throws Exception {
        start(FalOptions.defaults());
        client.submit(FalTestClient.PIKA, Map.of("image_url", FalTestClient.IMAGE), receiver.url());

        clock.advance(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.received().isEmpty());

        JsonNode body = SimHttp.JSON.readTree(receiver.received().get(0).body());
        assertThat(body.get("status").asText()).isEqualTo("ERROR");
        assertThat(body.get("error").asText()).isEqualTo("Invalid status code: 422");
        assertThat(body.at("/payload/detail/0/loc").toString()).isEqualTo("[\"body\",\"prompt\"]");
        assertThat(verifies(publishedKey(), receiver.received().get(0).headers(), receiver.received().get(0).body()))
                .isTrue();
    }

    @Test
    void aWebhookAnsweredWithAnErrorIsRetriedOnTheClockAndSignedAfresh() throws Exception {
        start(FalOptions.defaults());
        receiver.answering(500, 503);
        client.submit(FalTestClient.PIKA, FalTestClient.pika(), receiver.url());
        clock.advance(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() == 1);

        Thread.sleep(300);
        assertThat(receiver.received()).hasSize(1); // the retry waits for the clock
        clock.advance(Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 2);
        clock.advance(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 3);
        clock.advance(Duration.ofHours(3));
        Thread.sleep(300);

        assertThat(receiver.received()).hasSize(3); // the third was answered 200
        WebhookReceiver.Received last = receiver.received().get(2);
        assertThat(last.headers().get("X-Fal-Webhook-Timestamp"))
                .isNotEqualTo(receiver.received().get(0).headers().get("X-Fal-Webhook-Timestamp"));
        assertThat(verifies(publishedKey(), last.headers(), last.body())).isTrue();
    }

    @Test
    void webhooksCanBeDeliveredTwice() {
        start(FalOptions.defaults().withWebhookRetries(10, true));
        client.submit(FalTestClient.PIKA, FalTestClient.pika(), receiver.url());
        clock.advance(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() == 2);
        assertThat(receiver.received().get(0).body()).isEqualTo(receiver.received().get(1).body());
    }

    /** The JWKS fetched over HTTP, its Ed25519 key rebuilt from {@code x} alone. */
    private PublicKey publishedKey() throws Exception {
        JsonNode jwks = client.http.get(sim.jwksUrl(), null).json();
        JsonNode jwk = jwks.at("/keys/0");
        assertThat(jwk.get("kty").asText()).isEqualTo("OKP");
        assertThat(jwk.get("crv").asText()).isEqualTo("Ed25519");
        byte[] raw = Base64.getUrlDecoder().decode(jwk.get("x").asText());
        assertThat(raw).hasSize(32);
        byte[] der = Arrays.copyOf(ED25519_X509_PREFIX, ED25519_X509_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, der, ED25519_X509_PREFIX.length, raw.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    /** Verification exactly as spec §2.6 words it. */
    private static boolean verifies(PublicKey key, Map<String, String> headers, byte[] body) throws Exception {
        String message = headers.get("X-Fal-Webhook-Request-Id") + "\n" + headers.get("X-Fal-Webhook-User-Id") + "\n"
                + headers.get("X-Fal-Webhook-Timestamp") + "\n"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(key);
        v.update(message.getBytes(StandardCharsets.UTF_8));
        return v.verify(HexFormat.of().parseHex(headers.get("X-Fal-Webhook-Signature")));
    }
}
