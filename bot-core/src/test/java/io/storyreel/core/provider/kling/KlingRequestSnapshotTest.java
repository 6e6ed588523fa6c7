package io.storyreel.core.provider.kling;

import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.RecordingSleeper;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.storyreel.core.provider.RequestSnapshots.assertBodyMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The exact JSON sent to Kling, pinned so a field change shows up in review. */
class KlingRequestSnapshotTest {
    static final byte[] IMAGE = {(byte) 0xFF, (byte) 0xD8, 0, 1, 2, 3};
    static final Credentials KEYS = Credentials.of("accessKey", "ak-snapshot-1234", "secretKey", "sk-snapshot-5678");

    MockWebServer server;
    KlingProvider kling;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        server.enqueue(new MockResponse().setBody("{\"code\":0,\"message\":\"SUCCEED\",\"data\":{\"task_id\":\"t\","
                + "\"task_status\":\"submitted\"}}"));
        SettableClock clock = SettableClock.at("2026-11-24T10:00:00Z");
        kling = new KlingProvider(ProviderContext.of(new OkHttpClient(), server.url("/").toString(),
                CapabilitiesLoader.bundled("kling"), clock).withSleeper(new RecordingSleeper(clock)));
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void v16ProTenSecondsWithCfgScaleAndNegativePrompt() throws Exception {
        kling.submit(KEYS, new GenerationRequest("kling-v1-6", "pro", 10, null, "The lighthouse keeper waves", "blur",
                IMAGE, "image/jpeg"), "clip-0001");
        assertBodyMatches(getClass(), "create-v1-6-pro-10s.json", server.takeRequest());
    }

    @Test
    void v26StandardIsSilentAndHasNoCfgScale() throws Exception {
        kling.submit(KEYS, new GenerationRequest("kling-v2-6", "std", 5, "1080p", "A cat turns its head", "",
                IMAGE, "image/jpeg"), "clip-0002");
        assertBodyMatches(getClass(), "create-v2-6-std-5s.json", server.takeRequest());
    }

    /** "Kling 3.0 with sound" is kling-v3 with the sound switch on, end frame allowed (providers-next §4.1, §5). */
    @Test
    void v3WithSoundAndAnEndFrame() throws Exception {
        kling.submit(KEYS, new GenerationRequest("kling-v3-sound", "pro", 8, null, "The keeper waves and calls out",
                null, IMAGE, "image/jpeg", new byte[] {(byte) 0x89, 'P', 'N', 'G', 9}, "image/png", null), "clip-0004");
        assertBodyMatches(getClass(), "create-v3-sound-pro-8s-tail.json", server.takeRequest());
    }

    /** The silent v3 sends the switch off: Kling's default for v3 is not documented as silent for every account. */
    @Test
    void v3SilentWithAnEndFrameSendsSoundOff() throws Exception {
        kling.submit(KEYS, new GenerationRequest("kling-v3", "std", 3, null, "A slow zoom", null, IMAGE, "image/jpeg",
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 9}, "image/png", null), "clip-0005");
        assertBodyMatches(getClass(), "create-v3-std-3s-tail.json", server.takeRequest());
    }

    /** Kling 2.6 makes sound in pro mode only, and takes an end frame only silent: refused before any call. */
    @Test
    void v26WithSoundTakesNoEndFrameAndNoStandardMode() {
        byte[] end = {(byte) 0x89, 'P', 'N', 'G', 9};
        ProviderException tail = catchThrowableOfType(() -> kling.submit(KEYS, new GenerationRequest(
                "kling-v2-6-sound", "pro", 5, null, "Go", null, IMAGE, "image/jpeg", end, "image/png", null), "c"),
                ProviderException.class);
        assertThat(tail.field()).contains("image_tail");
        ProviderException std = catchThrowableOfType(() -> kling.submit(KEYS, new GenerationRequest(
                "kling-v2-6-sound", "std", 5, null, "Go", null, IMAGE, "image/jpeg"), "c"), ProviderException.class);
        assertThat(std.field()).contains("mode");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void cameraPresetOnV15Pro() throws Exception {
        kling.submit(KEYS, new GenerationRequest("kling-v1-5", "pro", 5, null, "Fly over the village", null, IMAGE,
                "image/jpeg", null, null, "forward_up"), "clip-0003");
        assertBodyMatches(getClass(), "create-v1-5-pro-camera.json", server.takeRequest());
    }
}
