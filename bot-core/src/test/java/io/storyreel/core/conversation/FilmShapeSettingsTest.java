package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatPorts;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.testing.FakeGenerationEngine;
import io.storyreel.core.conversation.testing.InMemoryKeyVault;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.google.VeoProvider;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.core.provider.runway.RunwayProvider;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.testing.FakeVideoProvider;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The film's aspect ratio against the models' own ratio parameters, with the real Runway and Veo clients (nothing is
 * sent: settings, prices and checks are made before any call): an aspect the model has no ratio for is refused at
 * {@code /settings aspect}, and at the estimate when a scene's own provider lacks it; a frame the user chose that
 * contradicts the film's aspect is refused (either way round) with both ways out, and one of the film's shape stands.
 */
class FilmShapeSettingsTest {
    @TempDir
    Path dir;
    Database db;
    final ExecutorService threads = Executors.newFixedThreadPool(2);
    final RecordingChatPort port = new RecordingChatPort();
    final InMemoryKeyVault vault = new InMemoryKeyVault();
    Conversation conversation;
    final UserRef ann = new UserRef(Platform.TELEGRAM, "81", "Ann");
    final ChatRef chat = new ChatRef(Platform.TELEGRAM, "81", ChatKind.PRIVATE);
    private final AtomicInteger messages = new AtomicInteger();

    @BeforeEach
    void start() {
        db = Database.open(Database.h2Url(dir.resolve("db")), "", "", 4);
        BlobStore blobs = BlobStore.files(dir.resolve("blobs"));
        Map<String, VideoProvider> providers = new LinkedHashMap<>();
        providers.put("kling", FakeVideoProvider.kling());
        // the real clients, pointed nowhere: only their catalogues, checks and prices are used here
        providers.put("runway", new RunwayProvider(ProviderContext.of(new OkHttpClient(), "http://127.0.0.1:9/",
                CapabilitiesLoader.bundled("runway"), Clock.systemUTC())));
        providers.put("google", new VeoProvider(ProviderContext.of(new OkHttpClient(), "http://127.0.0.1:9/",
                CapabilitiesLoader.bundled("google"), Clock.systemUTC())));
        conversation = TestBot.conversation(db, blobs, new ChatPorts().register(Platform.TELEGRAM, port), providers,
                vault, new FakeGenerationEngine(db, blobs, threads, Clock.systemUTC()), TestBot.LIMITS,
                Clock.systemUTC(), threads);
    }

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }

    void send(ChatEvent e) {
        conversation.submit(e).orTimeout(10, TimeUnit.SECONDS).join();
    }

    void command(String name, String raw) {
        List<String> args = raw.isBlank() ? List.of() : List.of(raw.strip().split("\\s+"));
        send(new ChatEvent.Command(chat, ann, name, args, raw, new MessageRef(chat, "m" + messages.incrementAndGet()), null));
    }

    String last() {
        return port.last(chat).text();
    }

    StorybookSettings settings() {
        return new StorybookRepository(db, Clock.systemUTC()).findOpen(chat).orElseThrow().settings();
    }

    @Test
    void anAspectTheModelHasNoRatioForIsRefusedAtSettings() {
        send(new ChatEvent.PhotoAdded(chat, ann, TestImages.jpeg(640, 360, 1), "p.jpg", "the harbour at dawn", null,
                0, new MessageRef(chat, "m" + messages.incrementAndGet()), null, true));
        command("provider", "runway");
        command("settings", "model veo3.1_fast");
        command("settings", "aspect 1:1");
        assertThat(last()).isEqualTo("I can't use that setting: Runway Veo 3.1 Fast (on Runway) makes no 1:1 clips "
                + "(it makes 16:9 and 9:16), so nothing would come back in the film's shape. Choose /settings aspect "
                + "16:9 or /settings aspect 9:16, or another model in /settings.");
        assertThat(settings().aspect()).as("nothing was changed").isNull();

        command("settings", "aspect 9:16");
        assertThat(settings().aspect().label()).isEqualTo("9:16");
        // the user's own frame: one of another shape is refused, one of the film's stands
        command("settings", "frame 1280:720");
        assertThat(last()).isEqualTo("I can't use that setting: your frame 1280:720 is not the film's 9:16 shape, so "
                + "its clips would come back between bars. Choose /settings frame 720:1280 or /settings frame none "
                + "(the film's aspect decides).");
        assertThat(settings().parameters()).doesNotContainKey("frame");
        command("settings", "frame 1080:1920");
        assertThat(settings().parameters()).containsEntry("frame", "1080:1920");

        // and the other way round: the aspect may not leave the chosen frame behind
        command("settings", "frame none");
        command("settings", "model gen4_turbo");
        assertThat(settings().model()).isEqualTo("gen4_turbo");
        command("settings", "frame 720:1280");
        assertThat(settings().parameters()).containsEntry("frame", "720:1280");
        command("settings", "aspect 1:1");
        assertThat(last()).startsWith("I can't use that setting: your frame 720:1280 is not the film's 1:1 shape")
                .contains("/settings frame 960:960 or /settings frame none");
        assertThat(settings().aspect().label()).isEqualTo("9:16");
        command("settings", "frame none");
        command("settings", "aspect 1:1");
        assertThat(settings().aspect().label()).isEqualTo("1:1");
    }

    @Test
    void theEstimateSaysWhenASceneOnAnotherProviderHasNoRatioForTheFilmsAspect() {
        send(new ChatEvent.PhotoAdded(chat, ann, TestImages.jpeg(640, 360, 2), "p.jpg", "the harbour at dawn", null,
                0, new MessageRef(chat, "m" + messages.incrementAndGet()), null, true));
        command("provider", "runway");
        vault.store(ann.key(), "runway", Credentials.of(RunwayProvider.API_KEY, "key_" + "ab".repeat(64)));
        vault.store(ann.key(), "google", Credentials.of("apiKey", "AIza" + "x".repeat(35)));
        command("settings", "aspect 1:1");
        command("make", "");
        assertThat(last()).as("Gen-4 Turbo makes square clips").contains("Your film", "1:1");
        command("scene", "1 provider google");
        command("make", "");
        assertThat(last()).contains("can't make the film")
                .contains("Scene 1: Google Veo Veo 3.1 Fast makes no 1:1 clips (it makes 16:9 and 9:16)");
    }
}
