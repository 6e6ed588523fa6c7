package io.storyreel.telegram;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.CommandCatalog;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue on Telegram: the command menu the bot registers per scope, the forms {@link TelegramSyntax} writes
 * in core's sentences, and those same forms typed back by a user, read by the real adapter into the command core
 * handles, through TelegramBots and the fake Bot API.
 */
class TelegramCommandsTest {
    private final CommandCatalog catalog = TestBot.catalog();
    private final TelegramSyntax syntax = new TelegramSyntax(catalog);
    private final RecordingSink sink = new RecordingSink();
    private final TelegramTestBed bed = new TelegramTestBed(TelegramTestBed.fastServer(), sink);
    private final SimUser ann = bed.server.user(1001, "Ann");
    private final SimChat annChat = bed.server.privateChat(ann);

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void theMenuIsTheCatalogueWithKeysOnlyInPrivateChatsAndNoPhotoCommands() {
        Map<String, String> privately = bed.server.myCommands("all_private_chats");
        Map<String, String> groups = bed.server.myCommands("all_group_chats");
        assertThat(privately).containsKeys("start", "new", "list", "remove", "move", "prompt", "scene", "make", "status",
                "cancel", "redo", "provider", "settings", "setkeys", "keys", "forgetkeys", "history", "help");
        assertThat(privately).doesNotContainKeys("add", "create");
        assertThat(groups).doesNotContainKeys("setkeys", "add", "create").containsKeys("make", "keys", "forgetkeys");
        assertThat(bed.server.myCommands()).isEqualTo(groups);
        assertThat(privately.get("remove")).isEqualTo(catalog.find("remove").orElseThrow().description());
    }

    @Test
    void commandsAreWrittenAsWordsAfterTheCommand() {
        assertThat(syntax.command("remove", "2")).isEqualTo("/remove 2");
        assertThat(syntax.command("move", "1", "3")).isEqualTo("/move 1 3");
        assertThat(syntax.command("settings", "duration", "10")).isEqualTo("/settings duration 10");
        assertThat(syntax.command("setkeys", "kling", "ACCESS_KEY SECRET_KEY")).isEqualTo("/setkeys kling ACCESS_KEY SECRET_KEY");
        assertThat(syntax.command("frobnicate")).isEqualTo("/frobnicate");
        assertThat(syntax.usage("new")).isEqualTo("/new [title]");
        assertThat(syntax.usage("forgetkeys")).isEqualTo("/forgetkeys [provider]");
        assertThat(syntax.offers("create")).isFalse();
        assertThat(syntax.offers("add")).isTrue();
        assertThat(syntax.photosInMessages()).isTrue();
        assertThat(syntax.repliesToMessages()).isTrue();
        assertThat(syntax.keysInForm()).isFalse();
    }

    /** What core writes in a sentence is what the adapter reads back when a user types it. */
    @Test
    void theFormsCoreWritesAreReadBackAsTheSameCommand() {
        record Case(String name, List<String> values) {
        }
        for (Case c : List.of(new Case("remove", List.of("2")), new Case("move", List.of("3", "1")),
                new Case("prompt", List.of("1", "the", "cat", "jumps")), new Case("redo", List.of("2")),
                new Case("settings", List.of("duration", "10")), new Case("provider", List.of("minimax")),
                new Case("forgetkeys", List.of("kling")), new Case("list", List.of()), new Case("make", List.of()))) {
            int before = sink.events().size();
            bed.server.sendCommand(annChat, ann, syntax.command(c.name(), c.values().toArray(String[]::new)));
            ChatEvent.Command got = sink.next(ChatEvent.Command.class, e -> sink.events().indexOf(e) >= before);
            assertThat(got.name()).as(c.toString()).isEqualTo(c.name());
            assertThat(got.args()).as(c.toString()).isEqualTo(c.values());
        }
        bed.server.sendCommand(annChat, ann, syntax.command("setkeys", "kling", "AKtyped0001 SKtyped0002"));
        ChatEvent.SecretSubmitted secret = sink.next(ChatEvent.SecretSubmitted.class);
        assertThat(secret.provider()).isEqualTo("kling");
        assertThat(secret.secret()).isEqualTo("AKtyped0001 SKtyped0002");
    }
}
