package io.storyreel.core.storybook;

import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Platform;

/** One row of {@code storybook}: a chat's collection of scenes on its way to one film. */
public record Storybook(String id, ChatRef chat, String title, StorybookState state, String ownerKey,
                        String payerKey, String provider, StorybookSettings settings, String anchorMsgId,
                        String statusMsgId, long createdAt, long updatedAt) {

    static ChatRef chatOf(String platform, String chatId, String kind) {
        return new ChatRef(Platform.valueOf(platform), chatId, ChatKind.valueOf(kind));
    }
}
