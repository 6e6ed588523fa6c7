package io.storyreel.telegram.contract;

import io.storyreel.core.conversation.contract.ChatDriver;
import io.storyreel.core.conversation.contract.LongMessagesContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Long texts through TelegramBots against the fake Bot API, which refuses texts over 4,096 characters as Telegram does. */
class TelegramLongMessagesTest extends LongMessagesContract {
    @TempDir
    Path dir;

    @Override
    protected ChatDriver createDriver() {
        return new TelegramChatDriver(dir);
    }

    @Override
    protected int textLimit() {
        return 4096;
    }
}
