package io.storyreel.discord;

import discord4j.core.object.command.Interaction;
import discord4j.rest.util.Permission;
import discord4j.rest.util.PermissionSet;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.UserRef;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What members may do in a channel, as Discord says with each of their interactions ({@code member.permissions}: the
 * member's permissions in the channel the interaction came from, overwrites applied). Remembered per channel and
 * member from the interaction the adapter translates, so core, handling that event moments later, can ask whether
 * the member administers the channel: Administrator or Manage Messages. Nothing is asked of the REST API; a member
 * never seen, or seen in a DM, is no administrator.
 */
final class MemberPermissions {
    private static final int MAX_REMEMBERED = 10_000;

    private final Map<String, Long> latest = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    /** Records the member's permissions from one of their interactions (no-op outside a guild). */
    void remember(Interaction i) {
        i.getData().member().toOptional()
                .flatMap(m -> m.permissions().toOptional())
                .ifPresent(bits -> {
                    synchronized (latest) {
                        latest.put(key(i.getChannelId().asString(), i.getUser().getId().asString()), parse(bits));
                    }
                });
    }

    boolean isAdministrator(ChatRef chat, UserRef user) {
        if (chat.isPrivate()) {
            return false;
        }
        Long bits;
        synchronized (latest) {
            bits = latest.get(key(chat.chatId(), user.userId()));
        }
        if (bits == null) {
            return false;
        }
        PermissionSet set = PermissionSet.of(bits);
        return set.contains(Permission.ADMINISTRATOR) || set.contains(Permission.MANAGE_MESSAGES);
    }

    private static long parse(String bits) {
        try {
            return Long.parseLong(bits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String key(String channelId, String userId) {
        return channelId + "|" + userId;
    }
}
