package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.config.StoryreelConfig;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The least time between two edits of one progress message, per platform, in private chats and in groups (where the
 * platforms' budgets are smaller and every member's screen redraws).
 */
public record EditPace(Map<Platform, Duration> direct, Map<Platform, Duration> groups) {
    public EditPace {
        direct = Map.copyOf(direct);
        groups = Map.copyOf(groups);
    }

    /** Every change shown at once (for tests that read progress step by step). */
    public static EditPace none() {
        return new EditPace(Map.of(), Map.of());
    }

    /** {@code telegram.edit-interval-ms}, {@code telegram.group-edit-interval-ms}, {@code discord.edit-interval-ms}. */
    public static EditPace of(StoryreelConfig config) {
        Map<Platform, Duration> direct = new EnumMap<>(Platform.class);
        Map<Platform, Duration> groups = new EnumMap<>(Platform.class);
        direct.put(Platform.TELEGRAM, config.telegram().editInterval());
        groups.put(Platform.TELEGRAM, config.telegram().groupEditInterval());
        direct.put(Platform.DISCORD, config.discord().editInterval());
        groups.put(Platform.DISCORD, config.discord().editInterval());
        return new EditPace(direct, groups);
    }

    Duration interval(ChatRef chat) {
        return (chat.isPrivate() ? direct : groups).getOrDefault(chat.platform(), Duration.ZERO);
    }
}
