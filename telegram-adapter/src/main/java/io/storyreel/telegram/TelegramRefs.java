package io.storyreel.telegram;

import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;

/** Conversions between Telegram ids and core references. */
final class TelegramRefs {
    private TelegramRefs() {
    }

    static ChatRef chat(Chat chat) {
        return new ChatRef(Platform.TELEGRAM, String.valueOf(chat.getId()),
                "private".equals(chat.getType()) ? ChatKind.PRIVATE : ChatKind.GROUP);
    }

    static UserRef user(User user) {
        String name = user.getFirstName() != null && !user.getFirstName().isBlank() ? user.getFirstName()
                : user.getUserName();
        return new UserRef(Platform.TELEGRAM, String.valueOf(user.getId()), name);
    }

    static MessageRef message(ChatRef chat, Integer messageId) {
        return messageId == null ? null : new MessageRef(chat, String.valueOf(messageId));
    }

    static int messageId(MessageRef ref) {
        return Integer.parseInt(ref.messageId());
    }
}
