package io.storyreel.discord;

import io.storyreel.core.conversation.contract.ChatDriver;
import io.storyreel.core.conversation.contract.LongMessagesContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Long texts through Discord4J against the fake Discord: interaction replies, follow-ups and channel messages hold
 * at most 2,000 characters each.
 */
class DiscordLongMessagesTest extends LongMessagesContract {
    @TempDir
    Path dir;

    @Override
    protected ChatDriver createDriver() {
        return new DiscordChatDriver(dir);
    }

    @Override
    protected int textLimit() {
        return 2000;
    }
}
