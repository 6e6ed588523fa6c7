package io.storyreel.core.conversation.contract;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The contract straight against core: proves the scenarios green before either adapter runs them. */
class InMemoryConversationContractTest extends ConversationContract {
    @TempDir
    Path dir;

    @Override
    protected ChatDriver createDriver() {
        return new InMemoryChatDriver(dir);
    }
}
