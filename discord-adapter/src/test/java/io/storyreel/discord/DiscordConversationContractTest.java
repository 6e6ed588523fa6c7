package io.storyreel.discord;

import io.storyreel.core.conversation.contract.ChatDriver;
import io.storyreel.core.conversation.contract.ConversationContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared conversation scenarios, played through Discord4J against the fake Discord. */
class DiscordConversationContractTest extends ConversationContract {
    @TempDir
    Path dir;

    @Override
    protected ChatDriver createDriver() {
        return new DiscordChatDriver(dir);
    }
}
