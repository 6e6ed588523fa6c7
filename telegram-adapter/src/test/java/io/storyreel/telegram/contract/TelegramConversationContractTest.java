package io.storyreel.telegram.contract;

import io.storyreel.core.conversation.contract.ChatDriver;
import io.storyreel.core.conversation.contract.ConversationContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared conversation scenarios, played through TelegramBots against the fake Bot API. */
class TelegramConversationContractTest extends ConversationContract {
    @TempDir
    Path dir;

    @Override
    protected ChatDriver createDriver() {
        return new TelegramChatDriver(dir);
    }

    /** Keeps what the users saw in target/telegram-transcripts, for review and the closing note. */
    @AfterEach
    void keepTranscript(TestInfo test) throws IOException {
        Path out = Path.of("target", "telegram-transcripts");
        Files.createDirectories(out);
        Files.writeString(out.resolve(test.getTestMethod().orElseThrow().getName() + ".txt"),
                ((TelegramChatDriver) driver).transcripts());
    }
}
