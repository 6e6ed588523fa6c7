package io.storyreel.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.sim.discord.FakeDiscord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscordBotConnectTest {
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

    @Test
    void logsInOverTheRealGatewayRegistersCommandsAndReceivesASlashCommand() throws Exception {
        bot = new DiscordBot(new DiscordSettings(discord.settings().botToken(), discord.restUrl(), null,
                DiscordSettings.DEFAULT_UPLOAD_LIMIT), TestBot.catalog(), DiscordAdapterTest.PROVIDERS, events::add,
                SettableClock.following(discord::now)).start();

        assertThat(discord.botConnected()).isTrue();
        assertThat(discord.identifiedIntents()).isEqualTo(1); // GUILDS only
        assertThat(discord.commandNames()).containsExactlyInAnyOrder("story", "provider", "settings", "setkeys",
                "keys", "forgetkeys", "history", "start", "help", "ops", "style", "template", "web");
        // the operator's summary is hidden from server members unless an administrator grants it
        assertThat(discord.command("ops").orElseThrow().path("default_member_permissions").asText()).isEqualTo("0");
        // the provider choices are the providers core offers, by id, shown by their names
        for (String command : List.of("provider", "setkeys", "forgetkeys")) {
            JsonNode choices = discord.command(command).orElseThrow().path("options").get(0).path("choices");
            assertThat(choices.findValuesAsText("value")).as(command).containsExactly("kling", "minimax");
            assertThat(choices.findValuesAsText("name")).as(command).containsExactly("Kling", "MiniMax");
        }

        FakeDiscord.Guild guild = discord.guild(10, "Film club");
        FakeDiscord.Channel channel = discord.channel(guild, 20, "general");
        FakeDiscord.User alice = discord.user(30, "alice");
        FakeDiscord.Interaction i = discord.slash(alice, channel, "story", "new", Map.of("title", "Our trip"));

        ChatEvent event = events.poll(30, TimeUnit.SECONDS);
        assertThat(event).isInstanceOf(ChatEvent.Command.class);
        ChatEvent.Command command = (ChatEvent.Command) event;
        assertThat(command.name()).isEqualTo("new");
        assertThat(command.args()).containsExactly("Our trip");
        assertThat(command.chat().platform()).isEqualTo(Platform.DISCORD);
        assertThat(command.chat().chatId()).isEqualTo("20");
        assertThat(command.chat().kind()).isEqualTo(ChatKind.GROUP);
        assertThat(command.user().userId()).isEqualTo("30");
        assertThat(command.user().displayName()).isEqualTo("alice");
        // deferred in time: the fake refuses callbacks later than 3 s after the interaction
        assertThat(discord.awaitAcknowledged(i, Duration.ofSeconds(5))).isNotNull();
        assertThat(discord.original(i)).hasValueSatisfying(p -> assertThat(p.loading()).isTrue());
        assertThat(discord.unknownRoutes()).isEmpty();
    }

    @Test
    void commandsRegisteredInOneGuildAreOfferedThereOnly() throws Exception {
        FakeDiscord.Guild home = discord.guild(11, "Home");
        bot = new DiscordBot(new DiscordSettings(discord.settings().botToken(), discord.restUrl(),
                discord.gatewayUrl(), 0, "11"), TestBot.catalog(), DiscordAdapterTest.PROVIDERS, events::add,
                SettableClock.following(discord::now)).start();
        FakeDiscord.User bob = discord.user(31, "bob");

        discord.slash(bob, discord.channel(home, 21, "films"), "story", "list", Map.of());
        assertThat(((ChatEvent.Command) events.poll(30, TimeUnit.SECONDS)).name()).isEqualTo("list");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                discord.slash(bob, discord.channel(discord.guild(12, "Elsewhere"), 22, "x"), "story", "list", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
