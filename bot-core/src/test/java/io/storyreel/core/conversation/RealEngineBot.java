package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatPorts;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.core.generation.DbSchedulerGenerationEngine;
import io.storyreel.core.generation.EngineSettings;
import io.storyreel.core.generation.PayerLimits;
import io.storyreel.core.keys.MasterKeyset;
import io.storyreel.core.keys.TinkKeyVault;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.Jdbc;
import io.storyreel.core.testing.FakeVideoProvider;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;

/**
 * One bot process for conversation tests with the real engine: the real {@link Conversation}, the db-scheduler
 * engine with its workers, the Tink vault, a {@link RecordingChatPort} for Telegram and the fake Kling provider, on a
 * database and blob folder it may share with other such processes (as chat and worker processes share PostgreSQL).
 * Helpers act as users and wait for what the bot says.
 */
final class RealEngineBot implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger MESSAGES = new AtomicInteger();

    final Database db;
    final FakeVideoProvider kling;
    final RecordingChatPort port = new RecordingChatPort();
    final DbSchedulerGenerationEngine engine;
    final Conversation conversation;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    /**
     * @param keyset the master keyset every process of one installation shares (credentials stored by one process
     *               are read by the others)
     */
    RealEngineBot(Database db, BlobStore blobs, FakeVideoProvider kling, MasterKeyset keyset, Clock clock,
                  PayerLimits limits) {
        this.db = db;
        this.kling = kling;
        Map<String, VideoProvider> providers = new LinkedHashMap<>();
        providers.put("kling", kling);
        TinkKeyVault vault = new TinkKeyVault(db.dataSource(), keyset, Map.of(), Set.of(), clock);
        EngineSettings settings = EngineSettings.defaults().withWorker("money-" + UUID.randomUUID().toString().substring(0, 6), 2)
                .withTimings(Duration.ofMillis(50), Duration.ofMillis(500), 4, Duration.ofMillis(20), Duration.ofMillis(60),
                        Duration.ofMillis(50), Duration.ofMillis(20), Duration.ofMillis(500))
                .withPayerLimits(limits);
        engine = DbSchedulerGenerationEngine.create(db, blobs, providers, vault, new RealEngineConversationTest.ConcatMerger(),
                clock, settings);
        conversation = TestBot.conversation(db, blobs, new ChatPorts().register(Platform.TELEGRAM, port), providers, vault,
                engine, TestBot.LIMITS, clock, threads);
        engine.attach(conversation.listener());
        engine.startWorkers();
    }

    static UserRef user(String id, String name) {
        return new UserRef(Platform.TELEGRAM, id, name);
    }

    static ChatRef group(String id) {
        return new ChatRef(Platform.TELEGRAM, id, ChatKind.GROUP);
    }

    static ChatRef privateChat(UserRef user) {
        return new ChatRef(Platform.TELEGRAM, user.userId(), ChatKind.PRIVATE);
    }

    static MessageRef message(ChatRef chat) {
        return new MessageRef(chat, "u" + MESSAGES.incrementAndGet());
    }

    void handle(ChatEvent event) {
        conversation.submit(event).join();
    }

    void keys(UserRef user) {
        handle(new ChatEvent.SecretSubmitted(privateChat(user), user, "kling", "AK" + user.userId() + "0000001 SK"
                + user.userId() + "0000002", message(privateChat(user))));
    }

    void command(ChatRef chat, UserRef user, String name, String... args) {
        handle(new ChatEvent.Command(chat, user, name, List.of(args), String.join(" ", args), message(chat), null));
    }

    /** Photos with these prompts (in a group, addressed with /add). */
    void scenes(ChatRef chat, UserRef user, String... prompts) {
        for (int i = 0; i < prompts.length; i++) {
            handle(new ChatEvent.PhotoAdded(chat, user, TestImages.jpeg(i + 1), "p" + i + ".jpg", prompts[i], null, 0,
                    message(chat), null, true));
        }
    }

    /** Presses the button whose label contains {@code label} on {@code sent}. */
    void press(UserRef user, RecordingChatPort.Sent sent, String label) {
        handle(press(sent.chat(), user, sent, label));
    }

    static ChatEvent.ButtonPressed press(ChatRef chat, UserRef user, RecordingChatPort.Sent sent, String label) {
        return new ChatEvent.ButtonPressed(chat, user, sent.button(label).data(), sent.ref());
    }

    /** The newest message in {@code chat} whose text contains {@code fragment}. */
    RecordingChatPort.Sent last(ChatRef chat, String fragment) {
        List<RecordingChatPort.Sent> found = port.matching(chat, s -> s.text() != null && s.text().contains(fragment));
        if (found.isEmpty()) {
            throw new AssertionError("nothing with '" + fragment + "' in " + chat.key() + ": " + port.texts(chat));
        }
        return found.get(found.size() - 1);
    }

    RecordingChatPort.Sent await(ChatRef chat, String fragment) {
        Awaitility.await().atMost(WAIT).until(() -> port.in(chat).stream().anyMatch(s -> s.text() != null && s.text().contains(fragment)));
        return last(chat, fragment);
    }

    /** /make, then waits for the estimate. */
    RecordingChatPort.Sent estimate(ChatRef chat, UserRef user) {
        int before = port.in(chat).size();
        command(chat, user, "make");
        Awaitility.await().atMost(WAIT).until(() -> port.in(chat).stream().skip(before).anyMatch(s -> s.text().contains("Your film:")));
        return last(chat, "Your film:");
    }

    String state(String storybookId) {
        return new Jdbc(db.dataSource()).one("SELECT state FROM storybook WHERE id = ?", rs -> rs.getString(1), storybookId)
                .orElse(null);
    }

    /** The chat's newest storybook. */
    String latestBook(ChatRef chat) {
        return new Jdbc(db.dataSource()).one("SELECT id FROM storybook WHERE chat_key = ? ORDER BY created_at DESC, id",
                rs -> rs.getString(1), chat.key()).orElseThrow();
    }

    void awaitState(String storybookId, String state) {
        Awaitility.await().atMost(WAIT).until(() -> state.equals(state(storybookId)));
    }

    int clipRows(String storybookId) {
        return new Jdbc(db.dataSource()).one("SELECT COUNT(*) FROM clip WHERE storybook_id = ?", rs -> rs.getInt(1),
                storybookId).orElse(0);
    }

    @Override
    public void close() {
        engine.stop();
        threads.shutdownNow();
    }
}
