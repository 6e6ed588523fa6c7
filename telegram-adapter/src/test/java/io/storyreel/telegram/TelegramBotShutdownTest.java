package io.storyreel.telegram;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.sim.telegram.FakeTelegramServer;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the bot while a long poll waits on Telegram is quiet: no error from TelegramBots' poller, no complaint from
 * the server, and no wait for the poll to time out. A poll that really fails is still reported.
 */
class TelegramBotShutdownTest {
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<LogRecord> serverLogs = new ArrayList<>();
    private final Handler serverHandler = new Handler() {
        @Override
        public synchronized void publish(LogRecord r) {
            serverLogs.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final java.util.logging.Logger serverLog = java.util.logging.Logger.getLogger(FakeTelegramServer.class.getName());
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void capture() {
        logs.start();
        root.addAppender(logs);
        serverLog.addHandler(serverHandler);
    }

    @AfterEach
    void release() {
        root.detachAppender(logs);
        serverLog.removeHandler(serverHandler);
    }

    /** A server that holds an empty poll for 30 s, as the real one holds it for up to 50 s. */
    private static FakeTelegramServer.Settings longPolls() {
        FakeTelegramServer.Settings d = FakeTelegramServer.Settings.defaults();
        return new FakeTelegramServer.Settings(d.token(), d.botUsername(), d.botName(), d.uploadLimitBytes(),
                d.privacyMode(), d.albumGap(), Duration.ofSeconds(30));
    }

    private List<ILoggingEvent> warningsAndErrors() {
        synchronized (logs) {
            return logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        }
    }

    @Test
    void closingDuringALongPollLogsNothingAndDoesNotWaitForIt() {
        RecordingSink sink = new RecordingSink();
        try (FakeTelegramServer server = FakeTelegramServer.start(longPolls())) {
            TelegramSettings settings = TelegramSettings.of(server.token(), server.baseUrl(), server.baseUrl(),
                    server.uploadLimit());
            TelegramBot bot = TelegramBot.start(settings, TestBot.catalog(), sink);
            SimUser ann = server.user(11, "Ann");
            SimChat chat = server.privateChat(ann);
            server.sendText(chat, ann, "hello");
            sink.next(ChatEvent.TextMessage.class, t -> t.text().equals("hello"));
            // the poller has confirmed that update and is now waiting in a poll the server holds for 30 s

            long started = System.nanoTime();
            bot.close();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertThat(warningsAndErrors()).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        }
        synchronized (serverHandler) {
            assertThat(serverLogs).filteredOn(r -> r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
                    .extracting(LogRecord::getMessage).isEmpty();
        }
    }

    @Test
    void aPollThatReallyFailsIsStillReported() {
        RecordingSink sink = new RecordingSink();
        FakeTelegramServer server = FakeTelegramServer.start(FakeTelegramServer.Settings.defaults());
        TelegramBot bot = TelegramBot.start(TelegramSettings.of(server.token(), server.baseUrl(), server.baseUrl(),
                server.uploadLimit()), TestBot.catalog(), sink);
        try {
            server.close(); // Telegram goes away while the bot is running
            await().atMost(Duration.ofSeconds(15)).until(() -> warningsAndErrors().stream()
                    .anyMatch(e -> e.getLevel() == Level.ERROR && e.getLoggerName().contains("BotSession")));
        } finally {
            bot.close();
        }
    }
}
