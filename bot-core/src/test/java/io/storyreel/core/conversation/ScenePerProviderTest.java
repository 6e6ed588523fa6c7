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
import io.storyreel.core.keys.MasterKeyset;
import io.storyreel.core.keys.TinkKeyVault;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.Jdbc;
import io.storyreel.core.testing.FakeVideoProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provider and model per scene, through the real conversation, the real db-scheduler engine and the Tink vault:
 * {@code /scene N provider P model M} is checked (unknown provider or model: the choices are named and nothing
 * changes), {@code /list} shows it, the estimate prices each clip on its own provider and totals per provider,
 * whoever confirms needs keys for every provider used (and is told which are missing, nothing created), each clip is
 * created on its scene's provider with its model, and {@code /redo} makes the clip again there.
 */
class ScenePerProviderTest {
    @TempDir
    Path dir;
    Database db;
    DbSchedulerGenerationEngine engine;
    ExecutorService threads = Executors.newFixedThreadPool(2);
    /** Kling as the fake has it, its Kling 2.1 able to end a clip on a given photo (bridges). */
    final FakeVideoProvider kling = FakeVideoProvider.of(withEndFrame(FakeVideoProvider.kling().capabilities()),
            List.of("accessKey", "secretKey"));
    final FakeVideoProvider minimax = FakeVideoProvider.minimax();
    final RecordingChatPort port = new RecordingChatPort();
    Conversation conversation;
    final UserRef ann = new UserRef(Platform.TELEGRAM, "71", "Ann");
    final ChatRef chat = new ChatRef(Platform.TELEGRAM, "71", ChatKind.PRIVATE);
    private final AtomicInteger messages = new AtomicInteger();

    @BeforeEach
    void start() {
        db = Database.open(Database.h2Url(dir.resolve("db")), "", "", 8);
        BlobStore blobs = BlobStore.files(dir.resolve("blobs"));
        Map<String, VideoProvider> providers = new LinkedHashMap<>();
        providers.put("kling", kling);
        providers.put("minimax", minimax);
        TinkKeyVault vault = new TinkKeyVault(db.dataSource(), MasterKeyset.inMemory(), Map.of(), Set.of(), Clock.systemUTC());
        EngineSettings settings = EngineSettings.defaults().withWorker("scene-test", 2)
                .withTimings(Duration.ofMillis(50), Duration.ofMillis(500), 4, Duration.ofMillis(20), Duration.ofMillis(60),
                        Duration.ofMillis(50), Duration.ofMillis(20), Duration.ofMillis(500));
        engine = DbSchedulerGenerationEngine.create(db, blobs, providers, vault, new RealEngineConversationTest.ConcatMerger(),
                Clock.systemUTC(), settings);
        conversation = TestBot.conversation(db, blobs, new ChatPorts().register(Platform.TELEGRAM, port),
                providers, vault, engine, TestBot.LIMITS, Clock.systemUTC(), threads);
        engine.attach(conversation.listener());
        engine.startWorkers();
    }

    @AfterEach
    void stop() {
        engine.stop();
        threads.shutdownNow();
        db.close();
    }

    private static Capabilities withEndFrame(Capabilities c) {
        List<ModelSpec> models = c.models().stream().map(m -> m.id().equals("kling-v2-1")
                ? new ModelSpec(m.id(), m.label(), m.modes(), m.combinations(), m.typicalSeconds(), Map.of("endFrame", true))
                : m).toList();
        return new Capabilities(c.provider(), c.displayName(), models, c.defaultModel(), c.image(), c.maxPromptChars(),
                c.currencyUnit(), c.usdPerUnit());
    }

    private MessageRef next() {
        return new MessageRef(chat, "u" + messages.incrementAndGet());
    }

    private String say(String name, String... args) {
        int before = port.in(chat).size();
        conversation.submit(new ChatEvent.Command(chat, ann, name, List.of(args), String.join(" ", args), next(), null)).join();
        List<RecordingChatPort.Sent> after = port.in(chat).subList(before, port.in(chat).size());
        assertThat(after).as("an answer to /%s", name).isNotEmpty();
        return after.get(after.size() - 1).text();
    }

    private void keys(String provider, String text) {
        conversation.submit(new ChatEvent.SecretSubmitted(chat, ann, provider, text, next())).join();
    }

    private void photos(String... prompts) {
        for (int i = 0; i < prompts.length; i++) {
            conversation.submit(new ChatEvent.PhotoAdded(chat, ann, TestImages.jpeg(i + 1), "p" + i + ".jpg", prompts[i],
                    null, 0, next(), null, true)).join();
        }
    }

    private String sceneProvider(int position) {
        return new Jdbc(db.dataSource()).one("SELECT COALESCE(provider, '-') || '/' || COALESCE(model, '-') FROM scene "
                + "WHERE position = ?", rs -> rs.getString(1), position).orElseThrow();
    }

    @Test
    void aSceneOnAnotherProviderIsPricedPaidForAndMadeThere() {
        keys("kling", "AKscene000001 SKscene000002");
        photos("the fox wakes", "the fox runs", "the fox sleeps");

        // bad choices are named and change nothing
        assertThat(say("scene", "2", "provider", "pika")).isEqualTo("I don't know the provider \"pika\". Choose one of: "
                + "kling, minimax, or default (the storybook's). Nothing was changed.");
        assertThat(say("scene", "2", "provider", "minimax", "model", "hailuo-99")).isEqualTo("MiniMax has no model "
                + "\"hailuo-99\". Its models are: MiniMax-Hailuo-02. Nothing was changed.");
        assertThat(say("scene", "9", "provider", "minimax")).isEqualTo("There is no scene 9; scenes go from 1 to 3.");
        assertThat(sceneProvider(2)).isEqualTo("-/-");

        assertThat(say("scene", "2", "provider", "minimax", "model", "minimax-hailuo-02")).isEqualTo("Scene 2 will be made "
                + "with MiniMax (Hailuo 02, 6 s, 768P); the other scenes keep the storybook's Kling.");
        assertThat(sceneProvider(2)).isEqualTo("minimax/MiniMax-Hailuo-02");
        assertThat(say("list")).contains("2. the fox runs – MiniMax, Hailuo 02\n").contains("1. the fox wakes\n");

        // keys for every provider used: which are missing is said, nothing is created
        String refused = say("make");
        assertThat(refused).isEqualTo("I can't make the film yet:\n• This film uses several providers. You have no keys "
                + "for MiniMax yet: send /setkeys minimax API_KEY here first.");
        assertThat(kling.submits() + minimax.submits()).isZero();

        keys("minimax", "mmscene0000000001");
        String estimate = say("make");
        assertThat(estimate).contains("3 clips with Kling (Kling 2.1, std, 5 s, 720p)")
                .contains("Clip 1: $0.14 (1 units)\n")
                .contains("Clip 2 (MiniMax, Hailuo 02, 6 s, 768P): $0.28\n")
                .contains("Clip 3: $0.14 (1 units)\n")
                .contains("Kling $0.28 (2 units) · MiniMax $0.28\n")
                .contains("Total: $0.56, about 16 s of film.")
                .endsWith("Paid with your own Kling and MiniMax keys.");
        RecordingChatPort.Sent shown = port.last(chat);
        conversation.submit(new ChatEvent.ButtonPressed(chat, ann, shown.button("Confirm").data(), shown.ref())).join();

        await().atMost(20, TimeUnit.SECONDS).until(() -> port.in(chat).stream().anyMatch(s -> s.video() != null));
        RecordingChatPort.Sent film = port.in(chat).stream().filter(s -> s.video() != null).findFirst().orElseThrow();
        assertThat(new String(film.video(), StandardCharsets.UTF_8))
                .contains("clip:the fox wakes", "clip:the fox runs", "clip:the fox sleeps");
        assertThat(kling.submits()).isEqualTo(2);
        assertThat(minimax.submits()).isEqualTo(1);
        assertThat(minimax.byExternal.values()).extracting(t -> t.prompt).containsExactly("the fox runs");
        assertThat(new Jdbc(db.dataSource()).query("SELECT position, provider, model FROM clip ORDER BY position",
                rs -> rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3)))
                .containsExactly("1 kling kling-v2-1", "2 minimax MiniMax-Hailuo-02", "3 kling kling-v2-1");

        // the redo of scene 2 is offered and made on MiniMax
        assertThat(say("redo", "2")).contains("MiniMax").contains("$0.28");
        RecordingChatPort.Sent offer = port.last(chat);
        conversation.submit(new ChatEvent.ButtonPressed(chat, ann, offer.button("Redo").data(), offer.ref())).join();
        await().atMost(20, TimeUnit.SECONDS).until(() -> minimax.submits() == 2);
        assertThat(kling.submits()).isEqualTo(2);
    }

    @Test
    void defaultFollowsTheStorybookAgainAndAModelOfTheSameProviderKeepsTheStorybooksChoices() {
        keys("kling", "AKscene000001 SKscene000002");
        photos("the fox wakes", "the fox runs");
        say("settings", "mode", "pro");
        assertThat(say("scene", "1", "model", "kling-v1-6")).isEqualTo("Scene 1 will be made with Kling (Kling 1.6, pro, "
                + "5 s, 1080p); the other scenes keep the storybook's Kling.");
        String estimate = say("make");
        assertThat(estimate).contains("Clip 1 (Kling, Kling 1.6, pro, 5 s, 1080p): $0.25 (1.8 units)\n")
                .contains("Clip 2: $0.25 (1.8 units)\n").doesNotContain(" · MiniMax");
        assertThat(say("scene", "1", "provider", "default")).isEqualTo("Scene 1 follows the storybook again (Kling).");
        assertThat(sceneProvider(1)).isEqualTo("-/-");
        assertThat(say("make")).contains("Clip 1: $0.25 (1.8 units)\n");
    }

    /**
     * In bridges mode a scene that starts a bridge needs a model that ends on the next photo: MiniMax's Hailuo 02
     * here cannot, so it is refused (naming the models that can) and nothing changes; the last photo's clip of its
     * own takes no end frame, so it may go to MiniMax, and the estimate prices it there.
     */
    @Test
    void aBridgeSceneNeedsAModelThatTakesAnEndFrame() {
        keys("kling", "AKscene000001 SKscene000002");
        keys("minimax", "mmscene0000000001");
        photos("the fox wakes", "the fox runs", "the fox sleeps");
        say("settings", "film", "bridges");

        assertThat(say("scene", "1", "provider", "minimax")).isEqualTo("Scene 1 starts a bridge, which needs a model "
                + "that can end a clip on the next photo, and Hailuo 02 cannot. Nothing was changed.");
        assertThat(sceneProvider(1)).isEqualTo("-/-");
        assertThat(say("scene", "1", "model", "kling-v1-6")).startsWith("Scene 1 starts a bridge").contains("Kling 1.6 cannot")
                .contains("Models of this provider that can: Kling 2.1.");
        assertThat(say("scene", "3", "provider", "minimax")).startsWith("Scene 3 will be made with MiniMax");
        assertThat(say("make")).contains("Bridge 1 → 2: $0.14 (1 units)\n", "Bridge 2 → 3: $0.14 (1 units)\n",
                "Clip 3 (MiniMax, Hailuo 02, 6 s, 768P): $0.28\n", "Kling $0.28 (2 units) · MiniMax $0.28\n");
    }

    /**
     * In a group whoever confirms pays: a member with keys for Kling only is told, at Confirm, that the film also needs
     * MiniMax keys, and nothing is created; a member with both confirms and both providers make their clips.
     */
    @Test
    void inAGroupWhoeverConfirmsNeedsKeysForEveryProvider() {
        ChatRef group = new ChatRef(Platform.TELEGRAM, "-500", ChatKind.GROUP);
        UserRef bob = new UserRef(Platform.TELEGRAM, "72", "Bob");
        keys("kling", "AKscene000001 SKscene000002");
        keys("minimax", "mmscene0000000001");
        conversation.submit(new ChatEvent.SecretSubmitted(new ChatRef(Platform.TELEGRAM, "72", ChatKind.PRIVATE), bob,
                "kling", "AKbob00000001 SKbob00000002", new MessageRef(chat, "b1"))).join();
        for (String prompt : List.of("the fox wakes", "the fox runs")) {
            conversation.submit(new ChatEvent.PhotoAdded(group, ann, TestImages.jpeg(prompt.length()), "p.jpg", prompt,
                    null, 0, new MessageRef(group, "g" + messages.incrementAndGet()), null, true)).join();
        }
        conversation.submit(new ChatEvent.Command(group, ann, "scene", List.of("2", "minimax"), "2 minimax",
                new MessageRef(group, "g" + messages.incrementAndGet()), null)).join();
        conversation.submit(new ChatEvent.Command(group, ann, "make", List.of(), "",
                new MessageRef(group, "g" + messages.incrementAndGet()), null)).join();
        RecordingChatPort.Sent estimate = port.last(group);
        assertThat(estimate.text()).endsWith("Whoever presses Confirm pays with their own Kling and MiniMax keys.");

        conversation.submit(new ChatEvent.ButtonPressed(group, bob, estimate.button("Confirm").data(), estimate.ref())).join();
        assertThat(port.last(group).text()).contains("This film uses several providers")
                .contains("You have no keys for MiniMax yet");
        assertThat(kling.submits() + minimax.submits()).as("nothing created for Bob").isZero();

        conversation.submit(new ChatEvent.ButtonPressed(group, ann, estimate.button("Confirm").data(), estimate.ref())).join();
        await().atMost(20, TimeUnit.SECONDS).until(() -> port.in(group).stream().anyMatch(x -> x.video() != null));
        assertThat(kling.submits()).isEqualTo(1);
        assertThat(minimax.submits()).isEqualTo(1);
    }
}
