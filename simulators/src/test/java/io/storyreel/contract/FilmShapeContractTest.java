package io.storyreel.contract;

import io.storyreel.core.provider.Backoff;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.FilmShape;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RecordingSleeper;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.TestMedia;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.fal.FalProvider;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.core.provider.runway.RunwayProvider;
import io.storyreel.sim.fal.FalOptions;
import io.storyreel.sim.fal.FalSimulator;
import io.storyreel.sim.runway.RunwaySimulator;
import io.storyreel.sim.taskapi.SimSettings;
import okhttp3.OkHttpClient;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The provider's own ratio parameter follows the film's shape, against the simulators (which check every field per
 * spec and render the clip at the size the ratio asks for): a landscape photo in a 9:16 or 1:1 film comes back as a
 * portrait or square clip from Runway ({@code ratio}) and from fal's Seedance ({@code aspect_ratio}); with "auto" the
 * value nearest the first photo's shape is sent, whatever this photo's own; a frame the user chose stands; and a model
 * whose values lack the film's shape is refused before anything is sent (no paid create in the journal).
 */
class FilmShapeContractTest {
    static final FilmShape PORTRAIT = new FilmShape(9, 16, true);
    static final FilmShape SQUARE = new FilmShape(1, 1, true);
    /** A landscape photo: the shape the clip comes back in is the film's, not this one's. */
    static final byte[] LANDSCAPE = TestMedia.image(640, 480, "jpeg");

    @TempDir
    Path dir;

    @Test
    void runwayIsSentTheFilmsRatioSoEveryClipComesBackInItsShape() throws Exception {
        try (RunwaySimulator sim = RunwaySimulator.start(SimSettings.fast().withClipSeconds(1))) {
            VideoProvider runway = new RunwayProvider(ProviderContext.of(new OkHttpClient(), sim.baseUrl(),
                    CapabilitiesLoader.bundled("runway"), Clock.systemUTC()).withSleeper(new RecordingSleeper(null))
                    .withBackoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2, 4)));
            Credentials keys = Credentials.of(RunwayProvider.API_KEY, sim.apiKey());

            assertThat(size(make(runway, keys, request("gen4_turbo").withShape(PORTRAIT), "r-916"))).isEqualTo("720x1280");
            assertThat(size(make(runway, keys, request("gen4_turbo").withShape(SQUARE), "r-11"))).isEqualTo("960x960");
            // "auto": the first photo was 3:4, so this landscape one is made in the model's nearest frame to that
            assertThat(size(make(runway, keys, request("gen4.5").withShape(new FilmShape(480, 640, false)), "r-auto")))
                    .isEqualTo("832x1104");
            // a frame the user chose of the film's shape stands (1080p on Veo 3.1 Fast)
            GenerationRequest chosen = new GenerationRequest("veo3.1_fast", null, 4, "1080p", "The tide comes in", null,
                    LANDSCAPE, "image/jpeg").withParameters(Map.of("frame", "1080:1920")).withShape(PORTRAIT);
            assertThat(size(make(runway, keys, chosen, "r-frame"))).isEqualTo("1080x1920");
            assertThat(sim.journal().creates()).isEqualTo(4);

            // Veo 3.1 Fast on Runway has no square ratio: refused before anything is sent
            ProviderException refused = catchThrowableOfType(() -> runway.prepare(new GenerationRequest("veo3.1_fast",
                    null, 4, "720p", "The tide comes in", null, LANDSCAPE, "image/jpeg").withShape(SQUARE)),
                    ProviderException.class);
            assertThat(refused.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
            assertThat(refused.getMessage()).contains("makes no 1:1 clips", "1280:720, 720:1280");
            assertThat(sim.journal().creates()).isEqualTo(4);
        }
    }

    @Test
    void falsSeedanceIsSentTheFilmsAspectRatio() throws Exception {
        try (FalSimulator sim = FalSimulator.start(SimSettings.fast().withClipSeconds(1), FalSimulator.DEFAULT_KEY,
                FalOptions.defaults().withUnknownFieldsRejected(true).withValidationAtSubmit(true))) {
            VideoProvider fal = new FalProvider(ProviderContext.of(new OkHttpClient(), sim.baseUrl(),
                    CapabilitiesLoader.bundled("fal"), Clock.systemUTC()).withSleeper(new RecordingSleeper(null))
                    .withBackoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2, 4)));
            Credentials keys = Credentials.of(FalProvider.API_KEY, sim.key());

            assertThat(ratio(make(fal, keys, request("seedance-1.5-pro").withShape(PORTRAIT), "f-916")))
                    .isEqualTo(9 / 16.0, org.assertj.core.data.Offset.offset(0.02));
            assertThat(ratio(make(fal, keys, request("seedance-1.5-pro").withShape(SQUARE), "f-11")))
                    .isEqualTo(1.0, org.assertj.core.data.Offset.offset(0.02));
            // without a film shape the photo decides ("auto"), as before
            assertThat(ratio(make(fal, keys, request("seedance-1.5-pro"), "f-photo")))
                    .isEqualTo(640 / 480.0, org.assertj.core.data.Offset.offset(0.02));
            assertThat(sim.journal().creates()).isEqualTo(3);
        }
    }

    static GenerationRequest request(String model) {
        return new GenerationRequest(model, null, 0, null, "A slow zoom on the harbour", null, LANDSCAPE, "image/jpeg");
    }

    private Path make(VideoProvider p, Credentials keys, GenerationRequest request, String id) throws Exception {
        ProviderTaskRef ref = p.submit(keys, p.prepare(request), id);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        TaskState s = p.poll(keys, ref);
        while (!s.status().terminal() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = p.poll(keys, ref);
        }
        assertThat(s.status()).as(id).isEqualTo(TaskStatus.SUCCEEDED);
        Path clip = dir.resolve(id + ".mp4");
        p.download(keys, ref, s, clip);
        return clip;
    }

    private static String size(Path clip) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
            g.start();
            String out = g.getImageWidth() + "x" + g.getImageHeight();
            g.stop();
            return out;
        }
    }

    private static double ratio(Path clip) throws Exception {
        String[] wh = size(clip).split("x");
        return Double.parseDouble(wh[0]) / Double.parseDouble(wh[1]);
    }
}
