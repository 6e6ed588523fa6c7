package io.storyreel.telegram;

import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.UserRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatMember;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMember;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Whether a member administers a group: {@code getChatMember} status {@code creator} or {@code administrator},
 * remembered for {@link #TTL} so a burst of presses costs one call (a demoted admin loses the right within that
 * time). A call that fails answers "no": refusing a press is the safe mistake. Called off Telegram's own threads
 * (core's chat lanes), outside the outbound queue: a lookup is no message and must not wait behind an upload.
 */
final class ChatAdmins {
    private static final Logger log = LoggerFactory.getLogger(ChatAdmins.class);
    static final Duration TTL = Duration.ofSeconds(60);
    private static final int MAX_REMEMBERED = 10_000;

    private record Known(boolean admin, long until) {
    }

    private final TelegramClient client;
    private final Function<String, String> currentChatId;
    private final LongSupplier nanos;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    /** {@code currentChatId}: the chat's id now (a group upgraded to a supergroup has a new one). */
    ChatAdmins(TelegramClient client, Function<String, String> currentChatId, LongSupplier nanos) {
        this.client = client;
        this.currentChatId = currentChatId;
        this.nanos = nanos;
    }

    boolean isAdministrator(ChatRef chat, UserRef user) {
        if (chat.isPrivate()) {
            return false;
        }
        String key = chat.chatId() + "|" + user.userId();
        long now = nanos.getAsLong();
        Known k = known.get(key);
        if (k != null && now - k.until() < 0) {
            return k.admin();
        }
        Boolean admin = ask(chat, user);
        if (admin == null) {
            return false; // not remembered: the next press asks again
        }
        if (known.size() >= MAX_REMEMBERED) {
            known.entrySet().removeIf(e -> now - e.getValue().until() >= 0);
        }
        known.put(key, new Known(admin, now + TTL.toNanos()));
        return admin;
    }

    /** The member's status, or null when Telegram could not be asked. */
    private Boolean ask(ChatRef chat, UserRef user) {
        try {
            ChatMember m = client.execute(GetChatMember.builder().chatId(currentChatId.apply(chat.chatId()))
                    .userId(Long.parseLong(user.userId())).build());
            String status = m == null ? null : m.getStatus();
            return "creator".equals(status) || "administrator".equals(status);
        } catch (TelegramApiException | NumberFormatException e) {
            log.warn("Could not ask Telegram whether user {} administers chat {}: {}", user.userId(), chat.chatId(),
                    e.getMessage());
            return null;
        }
    }
}
