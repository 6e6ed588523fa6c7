package io.storyreel.telegram.contract;

import io.storyreel.core.conversation.contract.ChatDriver;
import io.storyreel.core.conversation.contract.ConversationContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared conversation scenarios, played through TelegramBots against the fake Bot API. */
class TelegramConversationContractTest extends ConversationContract {
    @TempDir
    Path dir;

    @Override
    protected ChatDriver createDriver() {
        return new TelegramChatDriver(dir);
    }
}
