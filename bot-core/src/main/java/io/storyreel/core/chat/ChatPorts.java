package io.storyreel.core.chat;

import java.util.EnumMap;
import java.util.Map;

/**
 * The chat port of each platform this process serves; core picks one by {@link ChatRef#platform()}. Every port is
 * wrapped so that its texts are masked ({@link MaskingChatPort}): no secret reaches a chat, whichever part of core
 * wrote the text.
 */
public final class ChatPorts {
    private final Map<Platform, ChatPort> ports = new EnumMap<>(Platform.class);

    public ChatPorts register(Platform platform, ChatPort port) {
        ports.put(platform, new MaskingChatPort(port));
        return this;
    }

    public ChatPort forChat(ChatRef chat) {
        ChatPort p = ports.get(chat.platform());
        if (p == null) {
            throw new IllegalStateException("No chat adapter for " + chat.platform());
        }
        return p;
    }
}
