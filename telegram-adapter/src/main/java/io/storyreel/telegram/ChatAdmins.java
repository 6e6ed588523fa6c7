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
 * Whether a member administers a group (status {@code creator} or {@code administrator}) or is in it at all, by
 * {@code getChatMember},
 * remembered for {@link #TTL} so a burst of presses costs one call (a demoted admin loses the right within that
 * time). A call that fails answers "no": refusing a press is the safe mistake. Called off Telegram's own threads
 * (core's chat lanes), outside the outbound queue: a lookup is no message and must not wait behind an upload.
 */
final class ChatAdmins {
    private static final Logger log = LoggerFactory.getLogger(ChatAdmins.class);
    static final Duration TTL = Duration.ofSeconds(60);
    private static final int MAX_REMEMBERED = 10_000;

    private record Known(String status, long until) {
        boolean admin() {
            return "creator".equals(status) || "administrator".equals(status);
        }
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
        return !chat.isPrivate() && known(chat, user).map(Known::admin).orElse(false);
    }

    /**
     * Whether the user is in the group now: creator, administrator, member, or restricted while still a member (the
     * storyboard page opens a group's storybook for them). Remembered like the admin status, from the same call.
     */
    boolean isMember(ChatRef chat, UserRef user) {
        return !chat.isPrivate() && known(chat, user).map(k -> k.admin() || "member".equals(k.status())).orElse(false);
    }

    private java.util.Optional<Known> known(ChatRef chat, UserRef user) {
        String key = chat.chatId() + "|" + user.userId();
        long now = nanos.getAsLong();
        Known k = known.get(key);
        if (k != null && now - k.until() < 0) {
            return java.util.Optional.of(k);
        }
        String status = ask(chat, user);
        if (status == null) {
            return java.util.Optional.empty(); // not remembered: the next press asks again
        }
        if (known.size() >= MAX_REMEMBERED) {
            known.entrySet().removeIf(e -> now - e.getValue().until() >= 0);
        }
        Known fresh = new Known(status, now + TTL.toNanos());
        known.put(key, fresh);
        return java.util.Optional.of(fresh);
    }

    /**
     * The member's status ({@code restricted} read as {@code member} or {@code left} by whether they are still in),
     * or null when Telegram could not be asked.
     */
    private String ask(ChatRef chat, UserRef user) {
        try {
            ChatMember m = client.execute(GetChatMember.builder().chatId(currentChatId.apply(chat.chatId()))
                    .userId(Long.parseLong(user.userId())).build());
            if (m instanceof org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberRestricted r) {
                return Boolean.TRUE.equals(r.getIsMember()) ? "member" : "left";
            }
            return m == null || m.getStatus() == null ? "left" : m.getStatus();
        } catch (TelegramApiException | NumberFormatException e) {
            log.warn("Could not ask Telegram about user {} in chat {}: {}", user.userId(), chat.chatId(),
                    e.getMessage());
            return null;
        }
    }
}
