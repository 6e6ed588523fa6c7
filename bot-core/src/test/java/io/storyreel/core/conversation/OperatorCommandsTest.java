package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.ops.OpsRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** /ops: the operator's summary for allow-listed operators in a private chat, and nothing for anyone else. */
class OperatorCommandsTest {
    @TempDir
    Path dir;
    TestBot bot;
    RecordingChatPort port;
    final UserRef operator = new UserRef(Platform.TELEGRAM, "77", "Olga");
    final UserRef member = new UserRef(Platform.TELEGRAM, "78", "Max");
    final ChatRef olgaPrivate = new ChatRef(Platform.TELEGRAM, "77", ChatKind.PRIVATE);
    final ChatRef maxPrivate = new ChatRef(Platform.TELEGRAM, "78", ChatKind.PRIVATE);
    final ChatRef group = new ChatRef(Platform.TELEGRAM, "-300", ChatKind.GROUP);

    @BeforeEach
    void start() {
        port = new RecordingChatPort();
        bot = new TestBot(dir, Clock.systemUTC(), TestBot.LIMITS, List.of("TELEGRAM:77")).withPort(Platform.TELEGRAM, port);
    }

    @AfterEach
    void stop() throws Exception {
        bot.close();
    }

    private String ask(ChatRef chat, UserRef user) {
        MessageRef source = new MessageRef(chat, "5");
        bot.conversation().submit(new ChatEvent.Command(chat, user, "ops", List.of(), "", source, null))
                .orTimeout(10, TimeUnit.SECONDS).join();
        return port.last(chat).message().text();
    }

    @Test
    void anOperatorGetsTheSummaryInPrivate() {
        long now = System.currentTimeMillis();
        new OpsRows(bot.database().dataSource()).book("b-running", "GENERATING", "kling", now - 60_000, now);
        String answer = ask(olgaPrivate, operator);
        assertThat(answer).contains("Films running: 1", "b-runnin", "Queue per provider", "Failures in the last hour: 0",
                "Spend today (UTC, estimated)");
    }

    @Test
    void anyoneElseHearsThereIsNoSuchCommandAndAnOperatorInAGroupIsSentToPrivate() {
        assertThat(ask(maxPrivate, member)).contains("I don't know /ops").doesNotContain("Films running");
        assertThat(ask(group, operator)).contains("private chat").doesNotContain("Films running");
    }
}
