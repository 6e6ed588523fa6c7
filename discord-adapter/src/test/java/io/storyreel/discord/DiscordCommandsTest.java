package io.storyreel.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.CommandCatalog;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.provider.ProviderDirectory;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.sim.discord.FakeDiscord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The catalogue on Discord: the application commands registered from it (provider choices and the number of photos
 * from configuration), the forms {@link DiscordSyntax} writes in core's sentences, and those forms given back as slash
 * commands, checked by the fake against the registered definitions as a client does, read into the same command.
 */
class DiscordCommandsTest {
    private final CommandCatalog catalog = CommandCatalog.standard(4, List.of(
            new CommandCatalog.Choice("kling", "Kling AI"), new CommandCatalog.Choice("minimax", "MiniMax"),
            new CommandCatalog.Choice("zoetrope", "Zoetrope")));
    private final DiscordSyntax syntax = new DiscordSyntax(catalog);
    private final FakeDiscord discord = FakeDiscord.start(FakeDiscord.Settings.defaults());
    private final BlockingQueue<ChatEvent> events = new LinkedBlockingQueue<>();
    private DiscordBot bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        discord.close();
    }

    private void start() {
        bot = new DiscordBot(new DiscordSettings(discord.settings().botToken(), discord.restUrl(), null,
                DiscordSettings.DEFAULT_UPLOAD_LIMIT), catalog, ProviderDirectory.of(List.of()), events::add,
                SettableClock.following(discord::now)).start();
    }

    @Test
    void commandsAreWrittenAsTheSlashCommandsWithNamedOptions() {
        assertThat(syntax.command("remove", "2")).isEqualTo("/story remove scene:2");
        assertThat(syntax.command("move", "1", "3")).isEqualTo("/story move from:1 to:3");
        assertThat(syntax.command("redo", "2")).isEqualTo("/story redo scene:2");
        assertThat(syntax.command("settings", "duration", "10")).isEqualTo("/settings option:duration value:10");
        assertThat(syntax.command("setkeys", "kling", "ACCESS_KEY SECRET_KEY")).isEqualTo("/setkeys provider:kling");
        assertThat(syntax.command("help")).isEqualTo("/help");
        assertThat(syntax.usage("add")).isEqualTo("/story add image:… prompt:…");
        assertThat(syntax.usage("new")).isEqualTo("/story new [title:…]");
        assertThat(syntax.offers("create")).isTrue();
        assertThat(syntax.photosInMessages()).isFalse();
        assertThat(syntax.repliesToMessages()).isFalse();
        assertThat(syntax.keysInForm()).isTrue();
    }

    @Test
    void theApplicationCommandsComeFromTheCatalogueAndTheConfiguration() {
        start();
        assertThat(discord.commandNames()).containsExactlyInAnyOrder("story", "start", "provider", "settings", "style", "template", "ops",
                "setkeys", "keys", "forgetkeys", "history", "help", "web");
        JsonNode story = discord.command("story").orElseThrow();
        List<String> subs = new ArrayList<>();
        story.path("options").forEach(o -> subs.add(o.path("name").asText()));
        assertThat(subs).containsExactly("new", "add", "create", "list", "remove", "move", "prompt", "scene", "music",
                "make", "status", "cancel", "redo");
        JsonNode music = find(story.path("options"), "music");
        assertThat(find(music.path("options"), "file").path("type").asInt()).as("an attachment option").isEqualTo(11);
        JsonNode create = find(story.path("options"), "create");
        assertThat(create.path("options")).hasSize(8); // four photos, as configured: image1…4, prompt1…4
        List<String> choices = new ArrayList<>();
        find(discord.command("provider").orElseThrow().path("options"), "provider").path("choices")
                .forEach(c -> choices.add(c.path("value").asText() + "=" + c.path("name").asText()));
        assertThat(choices).containsExactly("kling=Kling AI", "minimax=MiniMax", "zoetrope=Zoetrope");
        assertThat(find(discord.command("setkeys").orElseThrow().path("options"), "keys").isMissingNode())
                .as("keys are never an option").isTrue();
    }

    /** What core writes in a sentence is a slash command Discord accepts, read back as the same command. */
    @Test
    void theFormsCoreWritesAreCommandsDiscordAcceptsAndReadBackTheSame() throws Exception {
        start();
        FakeDiscord.User ann = discord.user(7, "ann");
        FakeDiscord.Channel general = discord.channel(discord.guild(1, "Club"), 100, "general");
        for (List<String> c : List.of(List.of("remove", "2"), List.of("move", "3", "1"), List.of("redo", "4"),
                List.of("prompt", "1", "the cat jumps"), List.of("scene", "2", "fal", "pika-2.2"),
                List.of("settings", "duration", "10"),
                List.of("provider", "zoetrope"), List.of("forgetkeys", "minimax"), List.of("make"), List.of("keys"),
                List.of("music", "off"))) {
            String written = syntax.command(c.get(0), c.subList(1, c.size()).toArray(String[]::new));
            typed(ann, general, written);
            ChatEvent.Command got = (ChatEvent.Command) events.poll(30, TimeUnit.SECONDS);
            assertThat(got).as(written).isNotNull();
            assertThat(got.name()).as(written).isEqualTo(c.get(0));
            assertThat(got.args()).as(written).isEqualTo(c.subList(1, c.size()));
        }
    }

    /** {@code /story music file:…} brings the file's bytes to core as the storybook's music, not as a photo. */
    @Test
    void aMusicAttachmentIsAudioForCore() throws Exception {
        start();
        FakeDiscord.User ann = discord.user(7, "ann");
        FakeDiscord.Channel general = discord.channel(discord.guild(1, "Club"), 100, "general");
        byte[] sound = "RIFF....WAVEfmt fake".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        discord.slash(ann, general, "story", "music", Map.of("file",
                new FakeDiscord.Upload("theme.wav", "audio/wav", sound)));
        ChatEvent got = events.poll(30, TimeUnit.SECONDS);
        assertThat(got).isInstanceOf(ChatEvent.AudioAdded.class);
        ChatEvent.AudioAdded a = (ChatEvent.AudioAdded) got;
        assertThat(a.fileName()).isEqualTo("theme.wav");
        assertThat(a.bytes()).isEqualTo(sound);
        assertThat(a.addressed()).isTrue();
    }

    /** Types a written form into the fake's client: {@code /story move from:3 to:1}. */
    private void typed(FakeDiscord.User user, FakeDiscord.Channel channel, String written) {
        String[] parts = written.substring(1).split(" (?=[a-z]+:)");
        String[] head = parts[0].split(" ");
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String name = parts[i].substring(0, parts[i].indexOf(':'));
            String value = parts[i].substring(parts[i].indexOf(':') + 1);
            options.put(name, value.matches("\\d+") ? (Object) Long.parseLong(value) : value);
        }
        discord.slash(user, channel, head[0], head.length > 1 ? head[1] : null, options);
    }

    private static JsonNode find(JsonNode options, String name) {
        for (JsonNode o : options) {
            if (o.path("name").asText().equals(name)) {
                return o;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
