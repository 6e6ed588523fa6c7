package io.storyreel.core.storybook;

import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Platform;

/**
 * One row of {@code storybook}: a chat's collection of scenes on its way to one film. {@code startedAt},
 * {@code pauseReason} and {@code uploadLimitBytes} are written when the film is confirmed and made (the upload
 * limit is the chat's, recorded at confirmation so the merge fits the film without asking the chat). {@code payerKey}
 * is the film's payer, the member who confirmed it (clips retried or redone by someone else keep their own payer);
 * {@code askedBy} the member who asked for the estimate on show.
 */
public record Storybook(String id, ChatRef chat, String title, StorybookState state, String ownerKey,
                        String payerKey, String provider, StorybookSettings settings, String anchorMsgId,
                        String statusMsgId, long createdAt, long updatedAt, Long startedAt, String pauseReason,
                        Long uploadLimitBytes, String askedBy) {

    static ChatRef chatOf(String platform, String chatId, String kind) {
        return new ChatRef(Platform.valueOf(platform), chatId, ChatKind.valueOf(kind));
    }
}
