package io.storyreel.core.image;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatPorts;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.Conversation;
import io.storyreel.core.conversation.StoryboardRenderer;
import io.storyreel.core.conversation.testing.FakeGenerationEngine;
import io.storyreel.core.conversation.testing.InMemoryKeyVault;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storybook.ChatUserRepository;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.testing.FakeVideoProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conversation, wired as {@link TestBot} wires it, with a decoder whose permits the test holds: a GIF that must
 * be re-encoded while memory is busy is not lost in an error, the user is asked to send it again, and then it is
 * taken.
 */
class BusyPhotoConversationTest {
    @TempDir
    Path dir;

    @Test
    void aPhotoThatCannotBeStoredForWantOfMemoryIsAskedForAgainAndThenTaken() throws Exception {
        BoundedImageDecoder decoder = new BoundedImageDecoder(1, Duration.ofMillis(100));
        RecordingChatPort port = new RecordingChatPort();
        ChatPorts ports = new ChatPorts();
        ports.register(Platform.TELEGRAM, port);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        Clock clock = Clock.systemUTC();
        try (Database db = Database.open(Database.h2Url(dir.resolve("db")), "", "", 4)) {
            BlobStore blobs = BlobStore.files(dir.resolve("blobs"));
            FakeGenerationEngine engine = new FakeGenerationEngine(db, blobs, threads, clock);
            Conversation conversation = Conversation.builder()
                    .chats(ports)
                    .providers(Map.of("kling", FakeVideoProvider.kling()), "kling")
                    .keys(new InMemoryKeyVault())
                    .engine(engine)
                    .storage(new StorybookRepository(db, clock), new SceneRepository(db, clock), new FilmRepository(db),
                            new ChatUserRepository(db, clock), blobs)
                    .photos(new ImageInspector(ImageInspector.Limits.withMaxBytes(20_000_000), decoder),
                            new OrientationNormaliser(decoder), new StoryboardRenderer())
                    .limits(TestBot.LIMITS)
                    .clock(clock)
                    .executor(threads)
                    .build();
            engine.attach(conversation.listener());
            ChatRef chat = new ChatRef(Platform.TELEGRAM, "t1", ChatKind.PRIVATE);
            UserRef ann = new UserRef(Platform.TELEGRAM, "1", "Ann");
            byte[] gif = HostilePhotos.animatedGif(1200, 1000); // stored re-encoded: a 1.2 MP decode needs a permit

            assertThat(decoder.permits().tryAcquire()).isTrue();
            conversation.submit(new ChatEvent.PhotoAdded(chat, ann, gif, "party.gif", "they dance", null, 0,
                    new MessageRef(chat, "u1"), null, true)).orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(port.last(chat).text())
                    .isEqualTo("I'm busy with other large photos right now. Please send this one again in a minute.");

            decoder.permits().release();
            conversation.submit(new ChatEvent.PhotoAdded(chat, ann, gif, "party.gif", "they dance", null, 0,
                    new MessageRef(chat, "u2"), null, true)).orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(port.last(chat).text()).contains("Added scene 1");
        } finally {
            threads.shutdownNow();
        }
    }
}
