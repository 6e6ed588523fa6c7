package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.CommandSyntax;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.contract.RepeatedClauses;
import io.storyreel.core.conversation.contract.SyntaxLeaks;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.core.conversation.testing.TestSyntax;
import io.storyreel.core.provider.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every command a message names is written the way the chat's platform takes it: the same long conversation (every
 * command, every bad input, a paused film, a delivered film, a redo) runs as Telegram, as Discord and in a syntax no
 * platform uses, and every version of every message is scanned for the other platform's syntax and for a clause said
 * twice.
 */
class PlatformWordingTest {
    @TempDir
    Path dir;
    TestBot bot;
    RecordingChatPort port;
    final AtomicInteger ids = new AtomicInteger(1);

    @AfterEach
    void stop() throws Exception {
        if (bot != null) {
            bot.close();
        }
    }

    @Test
    void discordChatsNeverReadTelegramSyntax() {
        List<String> texts = runEverything(Platform.DISCORD, TestSyntax.discordLike());
        assertThat(SyntaxLeaks.in(TestSyntax.discordLike(), texts)).isEmpty();
        assertThat(RepeatedClauses.in(texts)).isEmpty();
        String all = String.join("\n", texts);
        assertThat(all).contains("/story add image:… prompt:…", "/story make", "/story list", "/story remove scene:N",
                "/story move from:N to:M", "/story prompt scene:N text:text", "/setkeys provider:kling",
                "/settings option:KEY value:VALUE", "/story create", "/story cancel", "/story new",
                "a form only you can see");
    }

    @Test
    void telegramChatsNeverReadDiscordSyntax() {
        List<String> texts = runEverything(Platform.TELEGRAM, TestSyntax.telegramLike());
        assertThat(SyntaxLeaks.in(TestSyntax.telegramLike(), texts)).isEmpty();
        assertThat(RepeatedClauses.in(texts)).isEmpty();
        String all = String.join("\n", texts);
        assertThat(all).contains("/make", "/list", "/remove N", "/move N M", "/prompt N text", "/setkeys kling ACCESS_KEY SECRET_KEY",
                "/settings KEY VALUE", "private chat with me", "reply to this message with your photo", "/cancel", "/new");
    }

    /**
     * With a syntax no platform uses, a slash command in any message can only have been written into a sentence by
     * hand: every command the conversation names goes through the chat's syntax.
     */
    @Test
    void everyCommandANameIsWrittenByTheChatsSyntax() {
        List<String> texts = runEverything(Platform.TELEGRAM, TestSyntax.neutral());
        assertThat(SyntaxLeaks.in(TestSyntax.neutral(), texts)).isEmpty();
        assertThat(RepeatedClauses.in(texts)).isEmpty();
        assertThat(String.join("\n", texts)).contains("⟨make⟩", "⟨remove N⟩", "⟨setkeys kling ACCESS_KEY SECRET_KEY⟩");
    }

    @Test
    void keysAreNamedWithTheProvidersFieldsWhereTheyAreTyped() {
        assertThat(new CommandWording(TestSyntax.telegramLike()).setkeys("kling", List.of("accessKey", "secretKey")))
                .isEqualTo("/setkeys kling ACCESS_KEY SECRET_KEY");
        assertThat(new CommandWording(TestSyntax.discordLike()).setkeys("kling", List.of("accessKey", "secretKey")))
                .isEqualTo("/setkeys provider:kling");
    }

    /** Drives a private chat and a group chat through every command and bad input; returns every text ever shown. */
    private List<String> runEverything(Platform platform, CommandSyntax syntax) {
        port = new RecordingChatPort(syntax);
        bot = new TestBot(dir).withPort(platform, port);
        UserRef ann = new UserRef(platform, "1", "Ann");
        UserRef bob = new UserRef(platform, "2", "Bob");
        ChatRef dm = new ChatRef(platform, "10", ChatKind.PRIVATE);
        ChatRef group = new ChatRef(platform, "20", ChatKind.GROUP);

        for (ChatRef chat : List.of(dm, group)) {
            UserRef user = chat == dm ? ann : bob;
            for (String c : List.of("start", "help", "list", "status", "make", "remove 1", "add", "frobnicate", "keys",
                    "setkeys", "new Holiday")) {
                command(chat, user, c);
            }
            text(chat, user, "hello?");
            photo(chat, user, "a cat wakes up");
            photo(chat, user, null); // asks for its prompt
            photo(chat, user, "x".repeat(3000)); // too long for Kling: asked again
            for (String c : List.of("list", "status", "remove x", "move 1", "prompt 2", "redo x", "redo 1", "settings",
                    "settings colour red", "settings duration soon", "provider", "provider kling", "make", "forgetkeys")) {
                command(chat, user, c);
            }
            for (int i = 0; i < 5; i++) {
                photo(chat, user, "more " + i); // past six: the storybook is full
            }
            command(chat, user, "remove 6");
            command(chat, user, "move 1 2");
            command(chat, user, "remove 5");
            command(chat, user, "remove 4");
            command(chat, user, "prompt 1 a dog");
            command(chat, user, "prompt 3 a bird");
            bot.vault().store(user.key(), "kling", Credentials.of("accessKey", "AK-test-0001", "secretKey", "SK-test-0002"));
            command(chat, user, "keys");
            command(chat, user, "make");
            press(chat, user, port.last(chat), "Cancel"); // declined
            bot.engine().failClip(1, "boom");
            command(chat, user, "make");
            press(chat, user, port.last(chat), "Confirm");
            await().atMost(10, TimeUnit.SECONDS).until(() -> !port.matching(chat, s -> s.text().contains("Clip 1 failed")).isEmpty());
            command(chat, user, "status");
            photo(chat, user, "too late"); // busy
            command(chat, user, "remove 1"); // frozen
            command(chat, user, "make");
            press(chat, user, port.matching(chat, s -> s.text().contains("Clip 1 failed")).get(0), "Retry");
            await().atMost(10, TimeUnit.SECONDS).until(() -> port.in(chat).stream().anyMatch(s -> s.video() != null));
            RecordingChatPort.Sent film = port.in(chat).stream().filter(s -> s.video() != null).reduce((a, b) -> b).orElseThrow();
            press(chat, user, film, "Redo clip 2");
            press(chat, user, port.last(chat), "Keep");
            command(chat, user, "new");
            command(chat, user, "cancel"); // nothing running
            photo(chat, user, "again");
            bot.engine().failClip(1, "boom");
            command(chat, user, "make");
            press(chat, user, port.last(chat), "Confirm");
            await().atMost(10, TimeUnit.SECONDS).until(() -> !port.matching(chat, s -> s.text().contains("Clip 1 failed")).isEmpty());
            press(chat, user, port.matching(chat, s -> s.text().contains("Clip 1 failed")).get(0), "Cancel"); // stopped
            command(chat, user, "photo"); // unknown
            photo(chat, user, "next one");
            press(chat, user, film, "Regenerate"); // busy: a storybook is open
            command(chat, user, "history");
            command(chat, user, "cancel");
        }
        send(new ChatEvent.SecretSubmitted(dm, ann, "kling", "only-one-key-1", new MessageRef(dm, "u" + ids.incrementAndGet())));
        send(new ChatEvent.SecretSubmitted(dm, ann, "runway", "key-2222222", new MessageRef(dm, "u" + ids.incrementAndGet())));
        send(new ChatEvent.SecretSubmitted(group, bob, "kling", "AK-1111111 SK-2222222",
                new MessageRef(group, "u" + ids.incrementAndGet())));
        bot.vault().forget(ann.key(), "kling");
        command(dm, ann, "make");
        return port.all().stream().flatMap(s -> s.versions().stream()).map(Message::text)
                .filter(t -> t != null && !t.isBlank()).toList();
    }

    private void send(ChatEvent e) {
        bot.conversation().submit(e).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private void command(ChatRef chat, UserRef user, String line) {
        String[] parts = line.split(" ", 2);
        String raw = parts.length > 1 ? parts[1] : "";
        List<String> args = raw.isBlank() ? List.of() : List.of(raw.strip().split("\\s+"));
        send(new ChatEvent.Command(chat, user, parts[0], args, raw, new MessageRef(chat, "u" + ids.incrementAndGet()), null));
    }

    private void text(ChatRef chat, UserRef user, String text) {
        send(new ChatEvent.TextMessage(chat, user, text, new MessageRef(chat, "u" + ids.incrementAndGet()), null));
    }

    private void photo(ChatRef chat, UserRef user, String caption) {
        send(new ChatEvent.PhotoAdded(chat, user, TestImages.jpeg(ids.incrementAndGet()), "p.jpg", caption, null, 0,
                new MessageRef(chat, "u" + ids.incrementAndGet()), null, true));
    }

    private void press(ChatRef chat, UserRef user, RecordingChatPort.Sent message, String label) {
        String data = message.versions().stream().flatMap(v -> v.buttons().stream()).flatMap(List::stream)
                .filter(b -> b.label().contains(label)).map(b -> b.data()).findFirst()
                .orElseThrow(() -> new AssertionError("No button '" + label + "' on " + message));
        send(new ChatEvent.ButtonPressed(chat, user, data, message.ref()));
    }
}
