package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatPorts;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.testing.FakeVideoProvider;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.core.generation.DbSchedulerGenerationEngine;
import io.storyreel.core.generation.EngineSettings;
import io.storyreel.core.keys.MasterKeyset;
import io.storyreel.core.keys.TinkKeyVault;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.video.ClipInfo;
import io.storyreel.core.video.MergeOptions;
import io.storyreel.core.video.MergeResult;
import io.storyreel.core.video.Merger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The conversation wired to the real db-scheduler engine and Tink vault, as the app wires them (engine first,
 * conversation attached after): keys by /setkeys, photos, /make, confirm, and the film arrives in the chat.
 */
class RealEngineConversationTest {
    @TempDir
    Path dir;
    Database db;
    DbSchedulerGenerationEngine engine;
    ExecutorService threads = Executors.newFixedThreadPool(2);

    /** Concatenates the clips' bytes: the merge itself is the video module's business and tested there. */
    static final class ConcatMerger implements Merger {
        @Override
        public List<ClipInfo> probe(List<Path> clips) {
            return List.of();
        }

        @Override
        public MergeResult merge(List<Path> clips, MergeOptions options, Path target) {
            try (OutputStream out = Files.newOutputStream(target)) {
                for (Path p : clips) {
                    out.write(Files.readAllBytes(p));
                    out.write('\n');
                }
                return new MergeResult(target, "copy", clips.size() * 5.0, Files.size(target), 1280, 720);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop();
        }
        threads.shutdownNow();
        db.close();
    }

    @Test
    void aFilmMadeByTheRealEngineIsDeliveredToTheChat() {
        db = Database.open(Database.h2Url(dir.resolve("db")), "", "", 8);
        BlobStore blobs = BlobStore.files(dir.resolve("blobs"));
        FakeVideoProvider kling = FakeVideoProvider.kling();
        Map<String, VideoProvider> providers = new LinkedHashMap<>();
        providers.put("kling", kling);
        TinkKeyVault vault = new TinkKeyVault(db.dataSource(), MasterKeyset.inMemory(), Map.of(), Set.of(), Clock.systemUTC());
        EngineSettings settings = EngineSettings.defaults().withWorker("conv-test", 2)
                .withTimings(Duration.ofMillis(50), Duration.ofMillis(500), 4, Duration.ofMillis(20), Duration.ofMillis(60),
                        Duration.ofMillis(50), Duration.ofMillis(20), Duration.ofMillis(500));
        engine = DbSchedulerGenerationEngine.create(db, blobs, providers, vault, new ConcatMerger(), Clock.systemUTC(),
                settings);
        RecordingChatPort port = new RecordingChatPort();
        Conversation conversation = TestBot.conversation(db, blobs, new ChatPorts().register(Platform.TELEGRAM, port),
                providers, vault, engine, TestBot.LIMITS, Clock.systemUTC(), threads);
        engine.attach(conversation.listener());
        engine.startWorkers();

        UserRef ann = new UserRef(Platform.TELEGRAM, "7", "Ann");
        ChatRef chat = new ChatRef(Platform.TELEGRAM, "7", ChatKind.PRIVATE);
        conversation.submit(new ChatEvent.SecretSubmitted(chat, ann, "kling", "AKreal000001 SKreal000002",
                new MessageRef(chat, "m1"))).join();
        conversation.submit(new ChatEvent.PhotoAdded(chat, ann, TestImages.jpeg(1), "a.jpg", "the fox runs", null, 0,
                new MessageRef(chat, "m2"), null, true)).join();
        conversation.submit(new ChatEvent.PhotoAdded(chat, ann, TestImages.jpeg(2), "b.jpg", "the fox sleeps", null, 0,
                new MessageRef(chat, "m3"), null, true)).join();
        conversation.submit(new ChatEvent.Command(chat, ann, "make", List.of(), "", new MessageRef(chat, "m4"), null)).join();
        RecordingChatPort.Sent estimate = port.last(chat);
        // the engine's forecast (two clips of a model typically done in 5 s, on 5 slots, and the merge)
        assertThat(estimate.text()).containsPattern("Ready in (under a minute|about a minute)\\.");
        conversation.submit(new ChatEvent.ButtonPressed(chat, ann, estimate.button("Confirm").data(), estimate.ref())).join();

        await().atMost(20, TimeUnit.SECONDS).until(() -> port.in(chat).stream().anyMatch(s -> s.video() != null));
        RecordingChatPort.Sent film = port.in(chat).stream().filter(s -> s.video() != null).findFirst().orElseThrow();
        assertThat(new String(film.video(), StandardCharsets.UTF_8)).contains("clip:the fox runs", "clip:the fox sleeps");
        assertThat(film.text()).contains("Kling", "2 clips", "Scenes by Ann").containsPattern("Made in \\d+ s");
        assertThat(kling.submits()).isEqualTo(2);
        assertThat(port.isDeleted(new MessageRef(chat, "m1"))).isTrue();
    }
}
