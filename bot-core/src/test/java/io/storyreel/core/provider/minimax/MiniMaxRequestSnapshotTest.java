package io.storyreel.core.provider.minimax;

import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.GenerationRequest;
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

/** The exact JSON sent to MiniMax, pinned so a field change shows up in review. */
class MiniMaxRequestSnapshotTest {
    static final byte[] IMAGE = {(byte) 0xFF, (byte) 0xD8, 0, 1, 2, 3};
    static final Credentials KEYS = Credentials.of("apiKey", "sk-snapshot-0123456789abcdef");

    MockWebServer server;
    MiniMaxProvider minimax;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        server.enqueue(new MockResponse().setBody("{\"task_id\":\"1\",\"base_resp\":{\"status_code\":0,"
                + "\"status_msg\":\"success\"}}"));
        SettableClock clock = SettableClock.at("2026-11-24T10:00:00Z");
        minimax = new MiniMaxProvider(ProviderContext.of(new OkHttpClient(), server.url("/").toString(),
                CapabilitiesLoader.bundled("minimax"), clock).withSleeper(new RecordingSleeper(clock)));
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void hailuo02At768pTenSeconds() throws Exception {
        minimax.submit(KEYS, new GenerationRequest("MiniMax-Hailuo-02", "std", 10, "768p",
                "The cat slowly turns its head toward the window. [Push in]", null, IMAGE, "image/jpeg"), "clip-1");
        assertBodyMatches(getClass(), "create-hailuo-02-768p-10s.json", server.takeRequest());
    }

    /** Only Hailuo-02 takes a last frame (providers-next §4.2, §5), and not at 512P. */
    @Test
    void hailuo02WithItsLastFrameAt1080p() throws Exception {
        minimax.submit(KEYS, new GenerationRequest("MiniMax-Hailuo-02", null, 6, "1080P", "The door opens", null,
                IMAGE, "image/jpeg", new byte[] {(byte) 0x89, 'P', 'N', 'G', 9}, "image/png", null), "clip-3");
        assertBodyMatches(getClass(), "create-hailuo-02-1080p-last-frame.json", server.takeRequest());
    }

    @Test
    void defaultModelAndChoices() throws Exception {
        minimax.submit(KEYS, new GenerationRequest(null, null, 0, null, "Waves roll in", null, IMAGE, "image/png"),
                "clip-2");
        assertBodyMatches(getClass(), "create-default-model.json", server.takeRequest());
    }
}
