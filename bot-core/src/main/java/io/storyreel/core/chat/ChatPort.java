package io.storyreel.core.chat;

import java.nio.file.Path;
import java.util.List;

/**
 * Implemented by each chat adapter. Calls may block (they are made from core's own threads, never from an
 * adapter's update thread) and throw {@link ChatDeliveryException} when the platform refused for good.
 * Adapters handle the platform's own rate limits and retries (Telegram {@code retry_after}, Discord buckets).
 */
public interface ChatPort {
    /** How this platform's users write the bot's commands; core's sentences name commands through it. */
    CommandSyntax syntax();

    MessageRef send(ChatRef chat, Message message);

    /**
     * {@link #send}, answered by a future, so a caller that need not wait for the message (its id is wanted later)
     * holds no thread while the platform's pace makes it wait. The future fails as {@link #send} would throw. By
     * default it is sent at once and the future is complete when this returns.
     */
    default java.util.concurrent.CompletableFuture<MessageRef> sendAsync(ChatRef chat, Message message) {
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(send(chat, message));
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /** Replace the text and buttons of a message the bot sent earlier. Unchanged text is a no-op, not an error. */
    void edit(MessageRef ref, Message message);

    void delete(MessageRef ref);

    /**
     * Take the buttons off a message the bot sent, leaving its text or caption (and a film's mentions) as they are:
     * the film's Redo buttons once the storybook has moved on. A platform that cannot do it leaves them (pressing a
     * stale button is answered safely).
     */
    default void removeButtons(MessageRef ref) {
    }

    /**
     * Whether {@code ref} is a message posted in the chat, which {@link #delete} could remove; false for what only the
     * bot received (a Discord slash command's options are shown to no one), so there is nothing to delete.
     */
    default boolean posted(MessageRef ref) {
        return ref != null;
    }

    /** Upload the film. {@code caption} is plain text; the adapter trims it to the platform's caption limit. */
    MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<List<Button>> buttons);

    /**
     * Upload the film with its {@code shape} (null: unknown), so clients can size and time it before downloading; a
     * platform that cannot say it sends the film as {@link #sendVideo(ChatRef, Path, String, List)} does.
     */
    default MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<List<Button>> buttons, VideoShape shape) {
        return sendVideo(chat, mp4, caption, buttons);
    }

    /**
     * Upload the film with {@code mentions}, spans of {@code caption} naming the members to notify (in a group: who
     * made the scenes and who paid); a platform that cannot mention sends the caption as plain text.
     */
    default MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<Mention> mentions,
                                 List<List<Button>> buttons, VideoShape shape) {
        return sendVideo(chat, mp4, caption, buttons, shape);
    }

    /**
     * Upload a file as a file (Telegram {@code sendDocument}; on Discord an attachment), named {@code fileName}: the
     * way to get a film to a chat that refuses it as a video.
     */
    MessageRef sendDocument(ChatRef chat, Path file, String fileName, String caption, List<List<Button>> buttons);

    /**
     * The largest file this chat accepts from the bot, in bytes: Telegram 50 MB; Discord the {@code
     * attachment_size_limit} the chat's latest interaction announced, else 20 MiB unless configured.
     */
    long uploadLimitBytes(ChatRef chat);

    /**
     * Whether {@code user} administers {@code chat} (Telegram: status creator or administrator; Discord: Administrator
     * or Manage Messages in the channel), and so may stop or steer films that others pay for. False for a private
     * chat, and whenever the platform cannot tell: refusing a press is the safe mistake. May block briefly (an
     * adapter caches the answer).
     */
    default boolean isAdministrator(ChatRef chat, UserRef user) {
        return false;
    }

    /**
     * Whether {@code user} is a member of {@code chat} now (Telegram: {@code getChatMember} status creator,
     * administrator, member, or restricted while still a member). False when the platform cannot say: refusing is the
     * safe mistake.
     */
    default boolean isMember(ChatRef chat, UserRef user) {
        return false;
    }

    /** Show a "working" indicator (Telegram chat action); optional. */
    default void showActivity(ChatRef chat, Activity activity) {
    }

    enum Activity { TYPING, UPLOAD_VIDEO }
}
