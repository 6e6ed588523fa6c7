package io.storyreel.discord;

import io.storyreel.core.testing.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatDeliveryException;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.provider.ProviderDirectory;
import io.storyreel.core.testing.FakeVideoProvider;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.sim.discord.FakeDiscord;
import io.storyreel.sim.discord.FakeDiscord.Interaction;
import io.storyreel.sim.discord.FakeDiscord.Posted;
import io.storyreel.sim.discord.FakeDiscord.Upload;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The adapter through the real Discord4J against the fake Discord: one login, many interactions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordAdapterTest {
    /** The providers core offers in these tests (the fakes of TestBot): the choices and key forms registered. */
    static final ProviderDirectory PROVIDERS =
            ProviderDirectory.of(List.of(FakeVideoProvider.kling(), FakeVideoProvider.minimax()));
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The smallest PNG header is enough: the adapter checks the declared type; core checks pixels. */
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    private FakeDiscord discord;
    private DiscordBot bot;
    private DiscordChatPort port;
    private final BlockingQueue<ChatEvent> events = new LinkedBlockingQueue<>();
    private FakeDiscord.Channel general;
    private int channels;
    private FakeDiscord.User alice;
    private FakeDiscord.User bob;

    @BeforeAll
    void start() {
        discord = FakeDiscord.start(FakeDiscord.Settings.defaults());
        bot = new DiscordBot(new DiscordSettings(discord.settings().botToken(), discord.restUrl(), null,
                DiscordSettings.DEFAULT_UPLOAD_LIMIT), TestBot.catalog(), PROVIDERS, events::add,
                SettableClock.following(discord::now)).start();
        port = bot.chatPort();
        alice = discord.user(3, "alice");
        bob = discord.user(4, "bob");
    }

    @AfterAll
    void stop() {
        bot.close();
        discord.close();
    }

    @BeforeEach
    void clear() {
        // a channel per test: each channel holds its own storybook and its own open interactions
        long id = 100 + channels++;
        general = discord.channel(discord.guild(1, "Film club"), id, "general-" + id);
        events.clear();
        discord.setUploadLimit(DiscordSettings.DEFAULT_UPLOAD_LIMIT);
    }

    private <T extends ChatEvent> T next(Class<T> type) throws InterruptedException {
        ChatEvent e = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(e).as("event from the bot").isInstanceOf(type);
        return type.cast(e);
    }

    private ChatEvent.Command command(String name, String sub, Map<String, ?> options) throws InterruptedException {
        Interaction i = discord.slash(alice, general, name, sub, options);
        ChatEvent.Command c = next(ChatEvent.Command.class);
        assertThat(discord.acknowledged(i)).as("deferred within 3 s").isTrue();
        assertThat(c.source().messageId()).isEqualTo("i:" + i.id());
        return c;
    }

    @Test
    void everyCommandBecomesACoreCommandWithItsArguments() throws Exception {
        record Case(String name, String sub, Map<String, ?> options, String expected, List<String> args) {
        }
        List<Case> cases = List.of(
                new Case("story", "new", Map.of(), "new", List.of()),
                new Case("story", "list", Map.of(), "list", List.of()),
                new Case("story", "remove", Map.of("scene", 2), "remove", List.of("2")),
                new Case("story", "move", new LinkedHashMap<>(Map.of("to", 1, "from", 3)), "move", List.of("3", "1")),
                new Case("story", "prompt", Map.of("scene", 1, "text", "a cat jumps"), "prompt",
                        List.of("1", "a cat jumps")),
                new Case("story", "make", Map.of(), "make", List.of()),
                new Case("story", "cancel", Map.of(), "cancel", List.of()),
                new Case("story", "status", Map.of(), "status", List.of()),
                new Case("story", "redo", Map.of("scene", 4), "redo", List.of("4")),
                new Case("provider", null, Map.of("provider", "minimax"), "provider", List.of("minimax")),
                new Case("settings", null, Map.of("option", "duration", "value", "10"), "settings",
                        List.of("duration", "10")),
                new Case("keys", null, Map.of(), "keys", List.of()),
                new Case("forgetkeys", null, Map.of("provider", "kling"), "forgetkeys", List.of("kling")),
                new Case("history", null, Map.of(), "history", List.of()),
                new Case("web", null, Map.of(), "web", List.of()));
        for (Case c : cases) {
            ChatEvent.Command got = command(c.name(), c.sub(), c.options());
            assertThat(got.name()).as(c.toString()).isEqualTo(c.expected());
            assertThat(got.args()).as(c.toString()).isEqualTo(c.args());
            assertThat(got.chat().kind()).isEqualTo(ChatKind.GROUP);
        }
    }

    /**
     * The catalogue decides before the answer exists: key commands and commands whose refusals are private are
     * deferred ephemerally, commands whose answers are always public publicly.
     */
    @Test
    void privacyIsDecidedFromTheCatalogueBeforeDeferring() throws Exception {
        Interaction keys = discord.slash(alice, general, "keys", null, Map.of());
        next(ChatEvent.Command.class);
        Interaction make = discord.slash(alice, general, "story", "make", Map.of());
        next(ChatEvent.Command.class);
        Interaction status = discord.slash(alice, general, "story", "status", Map.of());
        next(ChatEvent.Command.class);
        assertThat(discord.original(keys)).hasValueSatisfying(p -> assertThat(p.ephemeral()).isTrue());
        assertThat(discord.original(make)).hasValueSatisfying(p -> assertThat(p.ephemeral()).isTrue());
        assertThat(discord.original(status)).hasValueSatisfying(p -> assertThat(p.ephemeral()).isFalse());
    }

    /**
     * A command deferred privately whose answer is for everyone (an estimate, an added scene): the answer is a channel
     * message, the private "thinking" goes away, and no public placeholder ever existed.
     */
    @Test
    void aPublicAnswerToAPrivateDeferralIsAChannelMessage() throws Exception {
        Interaction i = discord.slash(alice, general, "story", "make", Map.of());
        ChatEvent.Command make = next(ChatEvent.Command.class);
        MessageRef estimate = port.send(make.chat(), Message.text("2 clips, about $0.70").replyingTo(make.source())
                .withButtons(List.of(List.of(new Button("Make it", "mk:1")))));
        Posted posted = discord.message(Long.parseLong(estimate.messageId())).orElseThrow();
        assertThat(posted.ephemeral()).isFalse();
        assertThat(posted.interactionId()).isNull();
        assertThat(posted.hasButton("mk:1")).isTrue();
        assertThat(discord.original(i)).isEmpty();
        assertThat(discord.deferrals()).filteredOn(d -> d.interactionId() == i.id())
                .singleElement().satisfies(d -> assertThat(d.ephemeral()).isTrue());
        port.edit(estimate, Message.text("Confirmed by alice."));
        assertThat(discord.message(posted.id())).hasValueSatisfying(p -> assertThat(p.content()).isEqualTo("Confirmed by alice."));
    }

    @Test
    void addedPhotoArrivesAsBytesDownloadedBeforeTheLinkExpires() throws Exception {
        Interaction i = discord.slash(bob, general, "story", "add",
                Map.of("image", new Upload("cat.png", "image/png", PNG), "prompt", "The cat wakes up"));
        ChatEvent.PhotoAdded photo = next(ChatEvent.PhotoAdded.class);
        assertThat(photo.bytes()).isEqualTo(PNG);
        assertThat(photo.fileName()).isEqualTo("cat.png");
        assertThat(photo.caption()).isEqualTo("The cat wakes up");
        assertThat(photo.addressed()).isTrue();
        assertThat(photo.user().displayName()).isEqualTo("bob");
        assertThat(photo.source().messageId()).isEqualTo("i:" + i.id());
    }

    @Test
    void cdnLinksExpireSoTheBytesMustBeFetchedAtOnce() throws Exception {
        discord.slash(bob, general, "story", "add",
                Map.of("image", new Upload("dog.png", "image/png", PNG), "prompt", "A dog"));
        next(ChatEvent.PhotoAdded.class);
        // the adapter never keeps URLs; the fake's links die after 24 h like Discord's
        Posted film = sendFilm(1000);
        String url = film.files().get(0).url();
        assertThat(get(url)).isEqualTo(200);
        discord.advanceClock(Duration.ofHours(25));
        assertThat(get(url)).isEqualTo(404);
    }

    @Test
    void createWithSeveralPairsBecomesOneAlbumInOrder() throws Exception {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("image1", new Upload("a.png", "image/png", PNG));
        options.put("prompt1", "first");
        options.put("image3", new Upload("c.jpg", "image/jpeg", PNG));
        options.put("prompt3", "third");
        discord.slash(alice, general, "story", "create", options);
        ChatEvent.Album album = next(ChatEvent.Album.class);
        assertThat(album.photos()).extracting(ChatEvent.PhotoAdded::caption).containsExactly("first", "third");
        assertThat(album.photos()).extracting(ChatEvent.PhotoAdded::order).containsExactly(1L, 3L);
    }

    @Test
    void aFileThatIsNotAnImageIsReportedNotDownloaded() throws Exception {
        discord.slash(alice, general, "story", "add",
                Map.of("image", new Upload("notes.pdf", "application/pdf", new byte[]{1, 2, 3}), "prompt", "x"));
        ChatEvent.UnsupportedFile f = next(ChatEvent.UnsupportedFile.class);
        assertThat(f.fileName()).isEqualTo("notes.pdf");
        assertThat(f.mimeType()).isEqualTo("application/pdf");
    }

    @Test
    void directMessagesArePrivateChats() throws Exception {
        discord.slash(alice, discord.dm(alice), "story", "list", Map.of());
        assertThat(next(ChatEvent.Command.class).chat().kind()).isEqualTo(ChatKind.PRIVATE);
    }

    @Test
    void setkeysOpensAModalAndTheKeyOnlyReachesCoreAsASecret() throws Exception {
        Interaction open = discord.slash(alice, general, "setkeys", null, Map.of("provider", "kling"));
        FakeDiscord.Modal modal = discord.awaitModal(open, WAIT);
        assertThat(modal.inputIds()).containsExactly("access_key", "secret_key");
        assertThat(events).isEmpty(); // opening the modal is not a core event

        Interaction submit = discord.submitModal(alice, open,
                Map.of("access_key", "AKsecret123", "secret_key", "SKsecret456"));
        ChatEvent.SecretSubmitted secret = next(ChatEvent.SecretSubmitted.class);
        assertThat(secret.provider()).isEqualTo("kling");
        assertThat(secret.secret()).isEqualTo("AKsecret123 SKsecret456");
        assertThat(secret.toString()).doesNotContain("AKsecret123");

        port.send(secret.chat(), Message.text("Your Kling keys are saved.").privately());
        Posted answer = discord.awaitOriginal(submit, p -> true, WAIT);
        assertThat(answer.ephemeral()).isTrue();
        assertThat(answer.visibleTo()).isEqualTo(alice.id());
        assertThat(String.join("\n", discord.transcript())).doesNotContain("AKsecret123").doesNotContain("SKsecret456");
    }

    @Test
    void firstAnswerFillsTheDeferredReplyAndPrivateAnswersAreEphemeralFollowups() throws Exception {
        Interaction i = discord.slash(alice, general, "story", "list", Map.of());
        ChatEvent.Command make = next(ChatEvent.Command.class);
        MessageRef estimate = port.send(make.chat(), Message.text("2 clips, about $0.70")
                .withButtons(List.of(List.of(new Button("Make it", "mk:1"), new Button("Cancel", "cx:1")))));
        Posted original = discord.awaitOriginal(i, p -> p.content().startsWith("2 clips"), WAIT);
        assertThat(Long.toString(original.id())).isEqualTo(estimate.messageId());
        assertThat(original.hasButton("mk:1")).isTrue();

        port.send(make.chat(), Message.text("Only alice sees this").privately());
        assertThat(discord.followups(i)).singleElement()
                .satisfies(p -> assertThat(p.ephemeral()).isTrue())
                .satisfies(p -> assertThat(p.content()).isEqualTo("Only alice sees this"));

        Interaction press = discord.pressButton(bob, original, "mk:1");
        ChatEvent.ButtonPressed pressed = next(ChatEvent.ButtonPressed.class);
        assertThat(pressed.data()).isEqualTo("mk:1");
        assertThat(pressed.user().userId()).isEqualTo(Long.toString(bob.id()));
        assertThat(pressed.message().messageId()).isEqualTo(estimate.messageId());
        assertThat(discord.acknowledged(press)).isTrue();
    }

    @Test
    void aPrivateFirstAnswerToAPublicDeferralReplacesItWithAnEphemeralMessage() throws Exception {
        // a command the catalogue calls public, answered privately all the same: the adapter still keeps it private
        Interaction i = discord.slash(alice, general, "story", "status", Map.of());
        ChatEvent.Command c = next(ChatEvent.Command.class);
        port.send(c.chat(), Message.text("Only for alice.").privately().replyingTo(c.source()));
        assertThat(discord.original(i)).isEmpty(); // the public "thinking" message is gone
        assertThat(discord.followups(i)).singleElement().satisfies(p -> assertThat(p.ephemeral()).isTrue());
    }

    @Test
    void progressEditedAfterTheTokenExpiredGoesThroughTheChannelAndLands() throws Exception {
        Interaction i = discord.slash(alice, general, "story", "status", Map.of());
        ChatEvent.Command c = next(ChatEvent.Command.class);
        MessageRef progress = port.send(c.chat(), Message.text("Making clip 1 of 2…"));
        port.edit(progress, Message.text("Clip 1 of 2 ready"));
        assertThat(discord.message(Long.parseLong(progress.messageId()))).hasValueSatisfying(
                p -> assertThat(p.content()).isEqualTo("Clip 1 of 2 ready"));
        int before = discord.requests().size();

        discord.advanceClock(Duration.ofMinutes(16));
        port.edit(progress, Message.text("Clip 2 of 2 ready"));

        assertThat(discord.message(Long.parseLong(progress.messageId()))).hasValueSatisfying(
                p -> assertThat(p.content()).isEqualTo("Clip 2 of 2 ready"));
        List<FakeDiscord.Request> after = discord.requests().subList(before, discord.requests().size());
        assertThat(after).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("PATCH");
            assertThat(r.route()).isEqualTo("/channels/" + general.id() + "/messages/" + progress.messageId());
            assertThat(r.status()).isEqualTo(200);
        });
        assertThat(after).noneSatisfy(r -> assertThat(r.route()).startsWith("/webhooks/"));
        assertThat(discord.original(i)).isPresent();
    }

    @Test
    void theFilmIsAChannelMessageAndOversizeUploadsAreTooLarge(@TempDir Path dir) throws Exception {
        Posted film = sendFilm(4096);
        assertThat(film.files()).singleElement().satisfies(f -> assertThat(f.bytes()).hasSize(4096));
        assertThat(film.content()).isEqualTo("Our film");

        discord.setUploadLimit(1000); // the server says no: 413 / 40005
        Path mp4 = dir.resolve("film.mp4");
        Files.write(mp4, new byte[2000]);
        assertThatThrownBy(() -> port.sendVideo(chat(), mp4, "Our film", List.of()))
                .isInstanceOfSatisfying(ChatDeliveryException.class, e -> assertThat(e.tooLarge()).isTrue());

        // the adapter's own budget
        DiscordChatPort small = new DiscordChatPort(1500, SettableClock.following(discord::now),
                new DiscordSyntax(TestBot.catalog()));
        assertThatThrownBy(() -> small.sendVideo(chat(), mp4, "Our film", List.of()))
                .isInstanceOfSatisfying(ChatDeliveryException.class, e -> assertThat(e.tooLarge()).isTrue());
        assertThat(port.uploadLimitBytes(chat())).as("Discord's refusal is the real limit for this channel from now on")
                .isLessThan(2000);
    }

    @Test
    void eachChannelsLimitIsTheOneItsLatestInteractionAnnounced() throws Exception {
        FakeDiscord.Guild boosted = discord.guild(2, "Boosted club");
        FakeDiscord.Channel lounge = discord.channel(boosted, 900 + channels++, "lounge");
        discord.setUploadLimit(1024 * 1024);
        discord.setGuildUploadLimit(boosted, 3L * 1024 * 1024);
        assertThat(port.uploadLimitBytes(chat())).as("before any interaction: the configured default")
                .isEqualTo(DiscordSettings.DEFAULT_UPLOAD_LIMIT);

        command("story", "status", Map.of());
        discord.slash(alice, lounge, "story", "status", Map.of());
        next(ChatEvent.Command.class);
        io.storyreel.core.chat.ChatRef loungeChat = new io.storyreel.core.chat.ChatRef(
                io.storyreel.core.chat.Platform.DISCORD, Long.toString(lounge.id()), ChatKind.GROUP);

        assertThat(port.uploadLimitBytes(chat())).isEqualTo(1024 * 1024);
        assertThat(port.uploadLimitBytes(loungeChat)).isEqualTo(3L * 1024 * 1024);
        Path mp4 = Files.createTempFile("film", ".mp4");
        try {
            Files.write(mp4, new byte[2 * 1024 * 1024]);
            MessageRef ref = port.sendVideo(loungeChat, mp4, "Big film", List.of());
            assertThat(discord.message(Long.parseLong(ref.messageId()))).isPresent();
            assertThatThrownBy(() -> port.sendVideo(chat(), mp4, "Big film", List.of()))
                    .as("the same film is over the unboosted server's limit, and the adapter knows it before uploading")
                    .isInstanceOfSatisfying(ChatDeliveryException.class, e -> assertThat(e.tooLarge()).isTrue());
        } finally {
            Files.deleteIfExists(mp4);
        }
    }

    @Test
    void aFilmSentAsAFileIsAnAttachmentUnderItsNameAndAnUploadWithoutAnAnswerIsNoAnswer(@TempDir Path dir)
            throws Exception {
        Path mp4 = dir.resolve("blob-without-extension");
        Files.write(mp4, new byte[3000]);
        io.storyreel.core.chat.MessageRef ref = port.sendDocument(chat(), mp4, "storyreel-film.mp4", "Our film",
                List.of(List.of(new io.storyreel.core.chat.Button("Redo clip 1", "rd|x|1"))));
        Posted doc = discord.messages(general).stream().filter(p -> Long.toString(p.id()).equals(ref.messageId()))
                .findFirst().orElseThrow();
        assertThat(doc.files()).singleElement().satisfies(f -> {
            assertThat(f.fileName()).isEqualTo("storyreel-film.mp4");
            assertThat(f.bytes()).hasSize(3000);
        });
        assertThat(doc.content()).isEqualTo("Our film");

        // a port not connected yet sends nothing: that failed for sure, it is no "may have arrived"
        DiscordChatPort unbound = new DiscordChatPort(DiscordSettings.DEFAULT_UPLOAD_LIMIT, SettableClock.following(discord::now),
                new DiscordSyntax(TestBot.catalog()));
        assertThatThrownBy(() -> unbound.sendVideo(chat(), mp4, "Our film", List.of()))
                .isInstanceOfSatisfying(ChatDeliveryException.class,
                        e -> assertThat(e.kind()).as("nothing was sent").isEqualTo(ChatDeliveryException.Kind.FAILED));
    }

    private io.storyreel.core.chat.ChatRef chat() {
        return new io.storyreel.core.chat.ChatRef(io.storyreel.core.chat.Platform.DISCORD,
                Long.toString(general.id()), ChatKind.GROUP);
    }

    private Posted sendFilm(int size) throws Exception {
        Path mp4 = Files.createTempFile("film", ".mp4");
        try {
            Files.write(mp4, new byte[size]);
            MessageRef ref = port.sendVideo(chat(), mp4, "Our film", List.of(List.of(new Button("Redo", "rd:1"))));
            return discord.message(Long.parseLong(ref.messageId())).orElseThrow();
        } finally {
            Files.deleteIfExists(mp4);
        }
    }

    private static int get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
