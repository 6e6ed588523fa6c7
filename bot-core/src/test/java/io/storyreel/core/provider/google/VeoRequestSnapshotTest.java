package io.storyreel.core.provider.google;

import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.RecordingSleeper;
import io.storyreel.core.provider.ReferenceImage;
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
import java.util.List;

import static io.storyreel.core.provider.RequestSnapshots.assertBodyMatches;
import static org.assertj.core.api.Assertions.assertThat;

/** The exact JSON sent to Google Veo, pinned so a field change shows up in review. */
class VeoRequestSnapshotTest {
    /** Tiny real PNGs (16×9 and 9×16), fixed bytes so the snapshots never depend on an encoder. */
    static final byte[] WIDE = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAABAAAAAJCAIAAAC0SDtlAAAAEUlEQVR42mNoIBEwjGoYFBoAGJ/YAYWbcUoAAAAASUVORK5CYII=");
    static final byte[] TALL = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAkAAAAQCAIAAABLKsIUAAAAEUlEQVR42mNowA0YRuUGvRwADNPYAQOe888AAAAASUVORK5CYII=");
    static final Credentials KEYS = Credentials.of(VeoProvider.API_KEY, "AIzaSySnapshotKey0123456789abcdefghij");

    MockWebServer server;
    VeoProvider veo;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        server.enqueue(new MockResponse().setBody("{\"name\":\"models/veo-3.1-fast-generate-preview/operations/abc123\"}"));
        SettableClock clock = SettableClock.at("2026-12-03T10:00:00Z");
        veo = new VeoProvider(ProviderContext.of(new OkHttpClient(), server.url("/").toString(),
                CapabilitiesLoader.bundled("google"), clock).withSleeper(new RecordingSleeper(clock)));
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void defaultModelWithALandscapePhoto() throws Exception {
        veo.submit(KEYS, new GenerationRequest(null, null, 0, null, "She turns toward the window and smiles", null,
                WIDE, "image/png"), "clip-1");
        RecordedRequest sent = server.takeRequest();
        assertThat(sent.getPath()).isEqualTo("/v1beta/models/veo-3.1-fast-generate-preview:predictLongRunning");
        assertThat(sent.getHeader("x-goog-api-key")).isEqualTo(KEYS.get(VeoProvider.API_KEY));
        assertThat(sent.getRequestUrl().queryParameter("key")).as("the key never travels in the URL").isNull();
        assertBodyMatches(getClass(), "create-veo31-fast-default.json", sent);
    }

    @Test
    void veo31EndsOnTheNextPhotoInPortraitAt1080p() throws Exception {
        veo.submit(KEYS, new GenerationRequest("veo-3.1-generate-preview", null, 8, "1080p", "The door opens",
                "blur", TALL, "image/png", WIDE, "image/png", null), "clip-2");
        RecordedRequest sent = server.takeRequest();
        assertThat(sent.getPath()).isEqualTo("/v1beta/models/veo-3.1-generate-preview:predictLongRunning");
        assertBodyMatches(getClass(), "create-veo31-bridge-1080p.json", sent);
    }

    @Test
    void referenceImagesAsAssets() throws Exception {
        veo.submit(KEYS, new GenerationRequest("veo-3.1-generate-preview", null, 8, null, "Same dog, now at "
                + "the beach", null, WIDE, "image/png", null, null, null, List.of(new ReferenceImage(TALL, "image/png"))),
                "clip-3");
        assertBodyMatches(getClass(), "create-veo31-reference.json", server.takeRequest());
    }

    @Test
    void veo2HasNoResolutionToChoose() throws Exception {
        veo.submit(KEYS, new GenerationRequest("veo-2.0-generate-001", null, 5, null, "Waves roll in", null, WIDE,
                "image/png"), "clip-4");
        assertBodyMatches(getClass(), "create-veo2-5s.json", server.takeRequest());
    }
}
