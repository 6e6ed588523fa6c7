package io.storyreel.core.provider.runway;

import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ProviderContext;
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

import java.util.Base64;
import java.util.Map;

import static io.storyreel.core.provider.RequestSnapshots.assertBodyMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exact JSON sent to Runway, pinned so a field change shows up in review. */
class RunwayRequestSnapshotTest {
    /** Tiny real PNGs (16×9, 9×16, 21×9), fixed bytes so the snapshots never depend on an encoder. */
    static final byte[] WIDE = png("iVBORw0KGgoAAAANSUhEUgAAABAAAAAJCAIAAAC0SDtlAAAAEUlEQVR42mNoIBEwjGoYFBoAGJ/YAYWbcUoAAAAASUVORK5CYII=");
    static final byte[] TALL = png("iVBORw0KGgoAAAANSUhEUgAAAAkAAAAQCAIAAABLKsIUAAAAEUlEQVR42mNowA0YRuUGvRwADNPYAQOe888AAAAASUVORK5CYII=");
    static final byte[] CINEMA = png("iVBORw0KGgoAAAANSUhEUgAAABUAAAAJCAIAAABSYfAhAAAAEUlEQVR42mNooAwwjOof0foBBPEbkFGOGlUAAAAASUVORK5CYII=");
    static final Credentials KEYS = Credentials.of(RunwayProvider.API_KEY, "key_" + "0123456789abcdef".repeat(8));

    MockWebServer server;
    RunwayProvider runway;

    static byte[] png(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        server.enqueue(new MockResponse().setBody("{\"id\":\"9a6fc5d5-1111-4222-8333-444455556666\"}"));
        SettableClock clock = SettableClock.at("2026-12-03T10:00:00Z");
        runway = new RunwayProvider(ProviderContext.of(new OkHttpClient(), server.url("/").toString(),
                CapabilitiesLoader.bundled("runway"), clock).withSleeper(new RecordingSleeper(clock)));
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void defaultModelWithALandscapePhoto() throws Exception {
        runway.submit(KEYS, new GenerationRequest(null, null, 0, null, "Slow push-in, hair moves in the wind", null,
                WIDE, "image/png"), "clip-1");
        RecordedRequest sent = server.takeRequest();
        assertThat(sent.getPath()).isEqualTo("/v1/image_to_video");
        assertThat(sent.getHeader("X-Runway-Version")).isEqualTo("2024-11-06");
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer " + KEYS.get(RunwayProvider.API_KEY));
        assertBodyMatches(getClass(), "create-gen4-turbo-default.json", sent);
    }

    @Test
    void veo31EndsOnTheNextPhotoSilentlyInPortrait() throws Exception {
        runway.submit(KEYS, new GenerationRequest("veo3.1_fast", null, 8, "720p", "She turns toward the window",
                "blur", TALL, "image/png", WIDE, "image/png", null), "clip-2");
        assertBodyMatches(getClass(), "create-veo31-fast-bridge.json", server.takeRequest());
    }

    @Test
    void gen45TakesTheWidestRatioForACinemaPhotoAndNoNegativePrompt() throws Exception {
        runway.submit(KEYS, new GenerationRequest("gen4.5", null, 10, null, "The city lights come on", "blur",
                CINEMA, "image/png"), "clip-3");
        assertBodyMatches(getClass(), "create-gen45-cinema-10s.json", server.takeRequest());
    }

    /**
     * The catalogue's parameters reach the body: {@code audio} on picks Veo 3.1's combination with sound (sent as
     * {@code audio: true} and priced as such), {@code frame} is sent as {@code ratio} over the photo's own shape.
     */
    @Test
    void veo31WithSoundAndAChosenFrame() throws Exception {
        GenerationRequest r = new GenerationRequest("veo3.1", null, 8, "1080p", "The band starts to play", null, WIDE,
                "image/png").withParameters(Map.of("audio", "on", "frame", "1080:1920"));
        assertThat(RequestValidator.estimate(runway.capabilities(), r).units()).isEqualTo(320);
        assertThat(RequestValidator.estimate(runway.capabilities(), r.withParameters(Map.of())).units()).isEqualTo(160);
        runway.submit(KEYS, r, "clip-4");
        assertBodyMatches(getClass(), "create-veo31-sound-portrait-1080p.json", server.takeRequest());
    }

    @Test
    void gen4TurboWithASeedAndASquareFrame() throws Exception {
        runway.submit(KEYS, new GenerationRequest("gen4_turbo", null, 5, null, "Slow push-in", null, WIDE,
                "image/png").withParameters(Map.of("seed", "4000000000", "frame", "960:960")), "clip-5");
        assertBodyMatches(getClass(), "create-gen4-turbo-seed-square.json", server.takeRequest());
    }

    /** Refused before anything is sent: a frame the resolution does not offer, sound on a model without it. */
    @Test
    void aFrameOrSoundTheModelCannotMakeIsRefusedUnsent() {
        assertThatThrownBy(() -> runway.submit(KEYS, new GenerationRequest("veo3.1", null, 8, "720p", "Go", null,
                WIDE, "image/png").withParameters(Map.of("frame", "1920:1080")), "clip-6"))
                .hasMessage("Veo 3.1 (on Runway) at 720p takes the frames 1280:720, 720:1280, not 1920:1080.");
        assertThatThrownBy(() -> runway.submit(KEYS, new GenerationRequest("gen4.5", null, 5, null, "Go", null,
                WIDE, "image/png").withParameters(Map.of("audio", "on")), "clip-7"))
                .hasMessage("Gen-4.5 ignores audio; Veo 3.1 Fast (on Runway), Veo 3.1 (on Runway) take it.");
        assertThatThrownBy(() -> runway.submit(KEYS, new GenerationRequest("gen4_turbo", null, 5, null, "Go", null,
                WIDE, "image/png").withParameters(Map.of("frame", "1920:1080")), "clip-8"))
                .hasMessage("frame takes one of: 1280:720, 720:1280, 1104:832, 832:1104, 960:960, 1584:672.");
        assertThat(server.getRequestCount()).isZero();
    }
}
