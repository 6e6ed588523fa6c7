package io.storyreel.core.conversation;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatLanes;
import io.storyreel.core.chat.ChatPort;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.CommandSyntax;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Progress edits through {@link CalmEdits} with real time: paced, unchanged texts skipped, end states at once. */
class CalmEditsTest {
    private static final Duration INTERVAL = Duration.ofMillis(400);
    private static final ChatRef GROUP = new ChatRef(Platform.TELEGRAM, "-100", ChatKind.GROUP);
    private static final ChatRef DIRECT = new ChatRef(Platform.TELEGRAM, "7", ChatKind.PRIVATE);

    private record Edit(long atNanos, MessageRef ref, String text) {
    }

    private final List<Edit> edits = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final CalmEdits calm = new CalmEdits(chat -> this.port, new ChatLanes(executor),
            new EditPace(Map.of(Platform.TELEGRAM, Duration.ZERO), Map.of(Platform.TELEGRAM, INTERVAL)), System::nanoTime);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void progressWaitsItsTurnAndOnlyTheLatestWaitingTextIsShown() {
        MessageRef ref = new MessageRef(GROUP, "1");
        calm.sent(ref, Message.text("starting"));
        calm.calmly(ref, Message.text("1 of 3 ready"));
        calm.calmly(ref, Message.text("2 of 3 ready"));
        assertThat(edits).isEmpty(); // the message was sent a moment ago

        await().atMost(Duration.ofSeconds(5)).until(() -> edits.size() == 1);
        assertThat(edits.get(0).text()).isEqualTo("2 of 3 ready");
        calm.calmly(ref, Message.text("3 of 3 ready"));
        await().atMost(Duration.ofSeconds(5)).until(() -> edits.size() == 2);
        assertThat(edits.get(1).text()).isEqualTo("3 of 3 ready");
        assertThat(edits.get(1).atNanos() - edits.get(0).atNanos()).isGreaterThanOrEqualTo(INTERVAL.toNanos());
    }

    @Test
    void anUnchangedTextIsNeverSentAgain() throws InterruptedException {
        MessageRef ref = new MessageRef(GROUP, "2");
        calm.calmly(ref, Message.text("1 of 3 ready"));
        Thread.sleep(INTERVAL.toMillis() + 100);
        calm.calmly(ref, Message.text("1 of 3 ready"));
        Thread.sleep(INTERVAL.toMillis() + 100);
        assertThat(edits).extracting(Edit::text).containsExactly("1 of 3 ready");
    }

    @Test
    void anEndStateIsShownAtOnceAndNoWaitingProgressAfterIt() throws InterruptedException {
        MessageRef ref = new MessageRef(GROUP, "3");
        calm.sent(ref, Message.text("starting"));
        calm.calmly(ref, Message.text("1 of 3 ready"));
        calm.now(ref, Message.text("Stopped."));
        assertThat(edits).extracting(Edit::text).containsExactly("Stopped.");
        Thread.sleep(INTERVAL.toMillis() * 2);
        assertThat(edits).extracting(Edit::text).containsExactly("Stopped.");
    }

    @Test
    void progressThatMustLastWaitsAWholeIntervalEvenOnARestedMessageAndAnEndStateDropsIt() throws InterruptedException {
        MessageRef ref = new MessageRef(GROUP, "5");
        calm.sent(ref, Message.text("merging"));
        Thread.sleep(INTERVAL.toMillis() + 100); // rested: an ordinary progress edit would be shown at once
        long asked = System.nanoTime();
        calm.ifItLasts(ref, Message.text("uploading"));
        assertThat(edits).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> edits.size() == 1);
        assertThat(edits.get(0).text()).isEqualTo("uploading");
        assertThat(edits.get(0).atNanos() - asked).isGreaterThanOrEqualTo(INTERVAL.toNanos());

        MessageRef other = new MessageRef(GROUP, "6");
        calm.sent(other, Message.text("merging"));
        Thread.sleep(INTERVAL.toMillis() + 100);
        calm.ifItLasts(other, Message.text("uploading"));
        calm.now(other, Message.text("Done"));
        Thread.sleep(INTERVAL.toMillis() * 2);
        assertThat(edits).extracting(Edit::text).containsExactly("uploading", "Done");
    }

    @Test
    void aPrivateChatPacedAtZeroShowsEveryChangeAtOnce() {
        MessageRef ref = new MessageRef(DIRECT, "4");
        calm.sent(ref, Message.text("starting"));
        calm.calmly(ref, Message.text("1 of 3 ready"));
        calm.calmly(ref, Message.text("2 of 3 ready"));
        assertThat(edits).extracting(Edit::text).containsExactly("1 of 3 ready", "2 of 3 ready");
    }

    private final ChatPort port = new ChatPort() {
        @Override
        public CommandSyntax syntax() {
            throw new UnsupportedOperationException();
        }

        @Override
        public MessageRef send(ChatRef chat, Message message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void edit(MessageRef ref, Message message) {
            edits.add(new Edit(System.nanoTime(), ref, message.text()));
        }

        @Override
        public void delete(MessageRef ref) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<List<Button>> buttons) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MessageRef sendDocument(ChatRef chat, Path file, String fileName, String caption,
                                       List<List<Button>> buttons) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long uploadLimitBytes(ChatRef chat) {
            return 0;
        }
    };
}
