package io.storyreel.core.provider.fal;

import io.storyreel.core.provider.CallbackReader.Callback;
import io.storyreel.core.provider.CallbackReader.Delivery;
import io.storyreel.core.testing.SettableClock;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fal's webhook signature (spec providers-next §2.6), checked against a JWKS served over HTTP: only a webhook signed
 * with one of the published Ed25519 keys over {@code request_id\nuser_id\ntimestamp\nsha256(body)}, within five
 * minutes, names a task; anything else is refused. Keys are fetched once and kept; an unknown signature makes one
 * fresh fetch (fal rotated its keys), never more than one per five minutes.
 */
class FalWebhookReaderTest {
    static final String REQUEST = "024ca5b1-45d3-4afd-883e-ad3abe2a1c4d";
    static final String BODY = "{\"request_id\":\"" + REQUEST + "\",\"gateway_request_id\":\"" + REQUEST
            + "\",\"status\":\"OK\",\"payload\":{\"video\":{\"url\":\"https://v3b.fal.media/files/b/out.mp4\"}},"
            + "\"error\":null}";

    final SettableClock clock = SettableClock.at("2026-12-05T10:00:00Z");
    final AtomicInteger jwksFetches = new AtomicInteger();
    final AtomicReference<String> jwks = new AtomicReference<>();
    MockWebServer keyServer;
    KeyPair fal;
    FalWebhookReader reader;

    @BeforeEach
    void start() throws Exception {
        fal = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        jwks.set(jwks(fal));
        keyServer = new MockWebServer();
        keyServer.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                jwksFetches.incrementAndGet();
                return jwks.get() == null ? new MockResponse().setResponseCode(503)
                        : new MockResponse().setBody(jwks.get());
            }
        });
        keyServer.start();
        reader = new FalWebhookReader(new FalWebhookKeys(new OkHttpClient(),
                keyServer.url("/.well-known/jwks.json").toString(), clock), clock);
    }

    @AfterEach
    void stop() throws Exception {
        keyServer.shutdown();
    }

    @Test
    void aWellSignedWebhookNamesTheRequestAsTheClientStoredIt() throws Exception {
        Callback c = reader.read(signed(fal, BODY, REQUEST, clock.instant().getEpochSecond(), "app=fal-ai%2Fkling-video"));

        assertThat(c).isEqualTo(new Callback.TaskChanged("fal-ai/kling-video/requests/" + REQUEST));
        assertThat(reader.read(signed(fal, BODY, REQUEST, clock.instant().getEpochSecond(), "app=fal-ai%2Fkling-video")))
                .as("the keys are kept").isEqualTo(c);
        assertThat(jwksFetches).hasValue(1);
    }

    @Test
    void unsignedBadlySignedTamperedStaleOrMismatchedWebhooksAreRefused() throws Exception {
        long now = clock.instant().getEpochSecond();
        String app = "app=fal-ai%2Fkling-video";
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

        assertThat(reader.read(new Delivery(bytes(BODY), Map.of(), app))).as("unsigned")
                .isEqualTo(new Callback.Unreadable());
        assertThat(reader.read(bytes(BODY))).as("a body alone").isEqualTo(new Callback.Unreadable());
        assertThat(reader.read(signed(stranger, BODY, REQUEST, now, app))).as("another key")
                .isEqualTo(new Callback.Unreadable());
        Delivery good = signed(fal, BODY, REQUEST, now, app);
        assertThat(reader.read(new Delivery(bytes(BODY.replace("OK", "ERROR")), good.headers(), app)))
                .as("body changed after signing").isEqualTo(new Callback.Unreadable());
        assertThat(reader.read(signed(fal, BODY, REQUEST, now - 301, app))).as("too old")
                .isEqualTo(new Callback.Unreadable());
        assertThat(reader.read(signed(fal, BODY, REQUEST, now + 301, app))).as("from the future")
                .isEqualTo(new Callback.Unreadable());
        assertThat(reader.read(signed(fal, BODY, "11111111-45d3-4afd-883e-ad3abe2a1c4d", now, app)))
                .as("signed for another request than the body's").isEqualTo(new Callback.Unreadable());
        Map<String, List<String>> badHex = new java.util.HashMap<>(good.headers());
        badHex.put("x-fal-webhook-signature", List.of("zz" + good.header("x-fal-webhook-signature").substring(2)));
        assertThat(reader.read(new Delivery(bytes(BODY), badHex, app))).as("not hex")
                .isEqualTo(new Callback.Unreadable());

        assertThat(reader.read(signed(fal, BODY, REQUEST, now - 299, app))).as("within the window")
                .isInstanceOf(Callback.TaskChanged.class);
        assertThat(reader.read(signed(fal, BODY, REQUEST, now, ""))).as("signed, but no app to name the task by")
                .isEqualTo(new Callback.NoTask());
    }

    @Test
    void rotatedKeysAreFetchedAgainButForgeriesCannotMakeTheBotHammerTheKeyServer() throws Exception {
        long now = clock.instant().getEpochSecond();
        String app = "app=fal-ai%2Fpika";
        assertThat(reader.read(signed(fal, BODY, REQUEST, now, app))).isInstanceOf(Callback.TaskChanged.class);
        KeyPair rotated = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        jwks.set(jwks(rotated));
        assertThat(reader.read(signed(rotated, BODY, REQUEST, now, app))).as("no second fetch within five minutes")
                .isEqualTo(new Callback.Unreadable());
        clock.advance(Duration.ofMinutes(6));
        now = clock.instant().getEpochSecond();

        for (int i = 0; i < 20; i++) {
            reader.read(signed(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), BODY, REQUEST, now, app));
        }
        assertThat(jwksFetches).as("one fetch at start, one after the first miss past the gap").hasValue(2);
        assertThat(reader.read(signed(rotated, BODY, REQUEST, now, app))).as("the fresh keys were taken")
                .isInstanceOf(Callback.TaskChanged.class);

        clock.advance(Duration.ofHours(25));
        jwks.set(null); // fal's key server is down when the kept keys grow old
        long later = clock.instant().getEpochSecond();
        assertThat(reader.read(signed(rotated, BODY, REQUEST, later, app))).as("keys too old and none fresh")
                .isEqualTo(new Callback.Unreadable());
    }

    static Delivery signed(KeyPair key, String body, String requestId, long timestamp, String query) throws Exception {
        String userId = "user-7f3a";
        String message = requestId + "\n" + userId + "\n" + timestamp + "\n"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(body)));
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key.getPrivate());
        s.update(message.getBytes(StandardCharsets.UTF_8));
        return new Delivery(bytes(body), Map.of("X-Fal-Webhook-Request-Id", List.of(requestId),
                "X-Fal-Webhook-User-Id", List.of(userId), "X-Fal-Webhook-Timestamp", List.of(Long.toString(timestamp)),
                "X-Fal-Webhook-Signature", List.of(HexFormat.of().formatHex(s.sign()))), query);
    }

    /** A JWKS with the key's raw 32 bytes (the tail of its X.509 encoding) in base64url. */
    static String jwks(KeyPair key) {
        byte[] der = key.getPublic().getEncoded();
        String x = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(der, der.length - 32,
                der.length));
        return "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"x\"},{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\"}]}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
