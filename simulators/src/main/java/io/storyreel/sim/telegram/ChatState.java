package io.storyreel.sim.telegram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One chat of the fake world: its messages by id, the chat actions the bot sent, and what the bot may do there. */
final class ChatState {
    final SimChat chat;
    final LinkedHashMap<Integer, StoredMessage> messages = new LinkedHashMap<>();
    final List<String> actions = new ArrayList<>();
    int nextMessageId = 1;
    boolean botAdmin;
    /** Set once a basic group became a supergroup: every later call for this id is refused with the new id. */
    Long migratedTo;
    /** The user of a private chat (its id is the user's id, as on Telegram). */
    SimUser privateUser;
    /** Everyone who wrote or pressed a button here, and each one's status for {@code getChatMember}. */
    final Map<Long, SimUser> members = new HashMap<>();
    final Map<Long, String> statuses = new HashMap<>();

    ChatState(SimChat chat) {
        this.chat = chat;
    }
}
