package io.storyreel.telegram;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.sim.telegram.FakeTelegramServer;
import io.storyreel.sim.telegram.SimChat;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The real adapter (TelegramBots long polling + OkHttpTelegramClient) against the fake Bot API over HTTP, with fast
 * pacing and a short album debounce so tests stay quick.
 */
final class TelegramTestBed implements AutoCloseable {
    final FakeTelegramServer server;
    final TelegramBot bot;

    TelegramTestBed(FakeTelegramServer.Settings serverSettings, Consumer<ChatEvent> sink) {
        this(serverSettings, sink, s -> s);
    }

    TelegramTestBed(FakeTelegramServer.Settings serverSettings, Consumer<ChatEvent> sink,
                    java.util.function.UnaryOperator<TelegramSettings> tune) {
        server = FakeTelegramServer.start(serverSettings);
        TelegramSettings settings = TelegramSettings.of(server.token(), server.baseUrl(), server.baseUrl(),
                        serverSettings.uploadLimitBytes())
                .withAlbumDebounce(Duration.ofMillis(400), Duration.ofSeconds(3))
                .withPacing(Duration.ofMillis(20), Duration.ofMillis(60))
                .withActivityEvery(Duration.ofMillis(200));
        bot = TelegramBot.start(tune.apply(settings), TestBot.catalog(), sink);
    }

    static FakeTelegramServer.Settings fastServer() {
        return FakeTelegramServer.Settings.defaults().withAlbumGap(Duration.ofMillis(60));
    }

    TelegramChatPort port() {
        return bot.chatPort();
    }

    static ChatRef ref(SimChat chat) {
        return new ChatRef(Platform.TELEGRAM, String.valueOf(chat.id()),
                chat.isPrivate() ? ChatKind.PRIVATE : ChatKind.GROUP);
    }

    @Override
    public void close() {
        bot.close();
        server.close();
    }
}
