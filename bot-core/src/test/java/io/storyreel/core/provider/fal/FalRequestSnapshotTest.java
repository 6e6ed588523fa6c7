package io.storyreel.core.provider.fal;

import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RecordingSleeper;
import io.storyreel.core.provider.RequestValidator;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.core.testing.SettableClock;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.storyreel.core.provider.RequestSnapshots.assertBodyMatches;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact JSON sent to each family of fal endpoints (spec providers-next §2.9), pinned so a field change shows up in
 * review: Pika, Kling 2.5 (tail image), Kling 3 (start/end image, sound off), Hailuo-02 (end image, resolution),
 * Hailuo 2.3 Pro (no duration), Seedance (aspect auto, sound off) and Wan 2.7 (no duration); with the endpoint's
 * path, {@code Authorization: Key …} and, when a public URL is set, the webhook.
 */
class FalRequestSnapshotTest {
    static final byte[] IMAGE = {(byte) 0xFF, (byte) 0xD8, 0, 1, 2, 3};
    static final byte[] END = {(byte) 0x89, 'P', 'N', 'G', 9};
    static final String KEY = "0a1b2c3d-snap:5e6f7a8b9c0d1e2f";
    static final Credentials KEYS = Credentials.of(FalProvider.API_KEY, KEY);

    MockWebServer server;
    FalProvider fal;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        fal = provider(null);
    }

    private FalProvider provider(String callbackUrl) {
        SettableClock clock = SettableClock.at("2026-12-05T10:00:00Z");
        return new FalProvider(ProviderContext.of(new OkHttpClient(), server.url("/").toString(),
                CapabilitiesLoader.bundled("fal"), clock).withSleeper(new RecordingSleeper(clock))
                .withCallbackUrl(callbackUrl));
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private RecordedRequest submit(FalProvider p, GenerationRequest r) throws Exception {
        server.enqueue(new MockResponse().setBody("{\"status\":\"IN_QUEUE\",\"request_id\":\"r-1\"}"));
        ProviderTaskRef ref = p.submit(KEYS, r, "clip-0001");
        assertThat(ref.taskId()).endsWith("/requests/r-1");
        RecordedRequest sent = server.takeRequest();
        assertThat(sent.getMethod()).isEqualTo("POST");
        assertThat(sent.getHeader("Authorization")).isEqualTo("Key " + KEY);
        return sent;
    }

    @Test
    void pika() throws Exception {
        RecordedRequest sent = submit(fal, new GenerationRequest("pika-2.2", null, 10, "1080p", "A lighthouse in the "
                + "storm", "blur", IMAGE, "image/jpeg"));
        assertThat(sent.getPath()).isEqualTo("/fal-ai/pika/v2.2/image-to-video");
        assertBodyMatches(getClass(), "pika-2.2.json", sent);
    }

    @Test
    void klingTwoFiveProWithItsTailImage() throws Exception {
        RecordedRequest sent = submit(fal, new GenerationRequest("kling-2.5-turbo-pro", null, 5, null, "The keeper "
                + "waves", null, IMAGE, "image/jpeg", END, "image/png", null));
        assertThat(sent.getPath()).isEqualTo("/fal-ai/kling-video/v2.5-turbo/pro/image-to-video");
        assertBodyMatches(getClass(), "kling-2.5-turbo-pro-tail.json", sent);
    }

    @Test
    void klingThreeWithStartAndEndImageAndNoSound() throws Exception {
        RecordedRequest sent = submit(fal, new GenerationRequest("kling-3-pro", null, 8, null, "The keeper waves",
                "blur", IMAGE, "image/jpeg", END, "image/png", null));
        assertThat(sent.getPath()).isEqualTo("/fal-ai/kling-video/v3/pro/image-to-video");
        assertBodyMatches(getClass(), "kling-3-pro-end.json", sent);
    }

    @Test
    void klingThreeWithSoundTurnsTheSwitchOn() throws Exception {
        RecordedRequest sent = submit(fal, new GenerationRequest("kling-3-pro-sound", null, 5, null, "The keeper "
                + "calls out", null, IMAGE, "image/jpeg"));
        assertThat(sent.getPath()).isEqualTo("/fal-ai/kling-video/v3/pro/image-to-video");
        assertBodyMatches(getClass(), "kling-3-pro-sound.json", sent);
    }

    @Test
    void hailuoZeroTwoWithItsEndImageAt768p() throws Exception {
        RecordedRequest sent = submit(fal, new GenerationRequest("hailuo-02", null, 10, "768p", "The cat turns "
                + "[Push in]", "ignored: Hailuo has no negative prompt", IMAGE, "image/jpeg", END, "image/png", null));
        assertThat(sent.getPath()).isEqualTo("/fal-ai/minimax/hailuo-02/standard/image-to-video");
        assertBodyMatches(getClass(), "hailuo-02-end.json", sent);
    }

    @Test
    void hailuoTwoThreeProHasNoDuration() throws Exception {
        RecordedRequest sent = submit(fal, new GenerationRequest("hailuo-2.3-pro", null, 0, null, "The cat turns",
                null, IMAGE, "image/jpeg"));
        assertThat(sent.getPath()).isEqualTo("/fal-ai/minimax/hailuo-2.3/pro/image-to-video");
        assertBodyMatches(getClass(), "hailuo-2.3-pro.json", sent);
    }

    @Test
    void seedanceFollowsThePhotoAndIsSilent() throws Exception {
        RecordedRequest sent = submit(fal, new GenerationRequest("seedance-1.5-pro", null, 6, "1080p", "Waves "
                + "break", null, IMAGE, "image/jpeg", END, "image/png", null));
        assertThat(sent.getPath()).isEqualTo("/fal-ai/bytedance/seedance/v1.5/pro/image-to-video");
        assertBodyMatches(getClass(), "seedance-1.5-pro-end.json", sent);
    }

    /** Sound on picks Seedance's combination with sound (twice the price) and turns generate_audio on; seed and
     * the fixed camera go where the catalogue says. */
    @Test
    void seedanceWithSoundASeedAndAFixedCamera() throws Exception {
        GenerationRequest r = new GenerationRequest("seedance-1.5-pro", null, 5, "720p", "Waves break", null, IMAGE,
                "image/jpeg").withParameters(Map.of("audio", "on", "seed", "42", "camera_fixed", "on"));
        assertThat(RequestValidator.estimate(fal.capabilities(), r).units()).isEqualTo(0.2592);
        assertThat(RequestValidator.estimate(fal.capabilities(), r.withParameters(Map.of())).units()).isEqualTo(0.1296);
        RecordedRequest sent = submit(fal, r);
        assertBodyMatches(getClass(), "seedance-1.5-pro-sound-seed.json", sent);
    }

    @Test
    void wanTwoSevenHasNoDuration() throws Exception {
        RecordedRequest sent = submit(fal, new GenerationRequest("wan-2.7", null, 5, "720p", "Waves break", null,
                IMAGE, "image/jpeg", END, "image/png", null));
        assertThat(sent.getPath()).isEqualTo("/fal-ai/wan/v2.7/image-to-video");
        assertBodyMatches(getClass(), "wan-2.7-end.json", sent);
    }

    /** With a public URL, fal is asked for a webhook that names the app the request is followed under. */
    @Test
    void theWebhookUrlCarriesTheAppSoTheWebhookCanNameTheStoredTask() throws Exception {
        FalProvider hooked = provider("https://bot.example.com/hooks/s3cret/fal");
        RecordedRequest sent = submit(hooked, new GenerationRequest("kling-3-std", null, 5, null, "Go", null, IMAGE,
                "image/jpeg"));
        assertThat(sent.getRequestUrl().encodedPath()).isEqualTo("/fal-ai/kling-video/v3/standard/image-to-video");
        assertThat(sent.getRequestUrl().queryParameter("fal_webhook"))
                .isEqualTo("https://bot.example.com/hooks/s3cret/fal?app=fal-ai%2Fkling-video");
    }
}
