package io.storyreel.core.conversation.contract;

import io.storyreel.core.chat.CommandSyntax;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Plays users of one chat platform against a running bot, for {@link ConversationContract}. The in-memory driver
 * feeds {@code ChatEvent}s straight into the conversation; the Telegram and Discord drivers act through their
 * fake servers, so the same scenarios prove each adapter maps the platform onto the same conversation.
 * <p>
 * Every "send" returns once the platform accepted the user's action; the bot answers asynchronously, so
 * scenarios wait with {@link #awaitBotMessage}.
 */
public interface ChatDriver extends AutoCloseable {

    /** A person on the platform (created on first use; ids are the driver's business). */
    record UserHandle(String id, String name) {
    }

    /** A private chat with the bot, or a group/channel. */
    record ChatHandle(String id, boolean group) {
    }

    /** One photo with its caption (null for none), for {@link #sendAlbum}. */
    record Photo(byte[] bytes, String caption) {
    }

    UserHandle user(String name);

    ChatHandle privateChat(UserHandle user);

    /** A group (Telegram group, Discord channel) with the bot and these members in it. */
    ChatHandle group(String title, UserHandle... members);

    /** A command by name without slash ({@code list}, {@code prompt}) and its argument text ({@code "2 a new prompt"}). */
    void command(ChatHandle chat, UserHandle from, String name, String args);

    /**
     * A photo meant for the storybook: in a private chat just the photo; in a group the platform's way of
     * addressing the bot (Telegram: reply to the storybook message or an {@code /add} caption; Discord:
     * {@code /story add}).
     */
    void sendPhoto(ChatHandle chat, UserHandle from, byte[] bytes, String caption);

    /** Several photos at once (Telegram album, Discord {@code /story create}). */
    void sendAlbum(ChatHandle chat, UserHandle from, List<Photo> photos);

    /** A file that is not a photo (a PDF), sent the platform's way. */
    void sendFile(ChatHandle chat, UserHandle from, byte[] bytes, String fileName, String mimeType);

    /** A text reply to one of the bot's messages. Only called when {@link #supportsTextReplies()}. */
    void reply(ChatHandle chat, UserHandle from, BotMessage to, String text);

    /** Provider keys the platform's way (Telegram: a {@code /setkeys provider keys} message; Discord: the modal). */
    void submitKeys(ChatHandle chat, UserHandle from, String provider, String secret);

    /** Presses the button whose label contains {@code labelFragment} on {@code message}. */
    void press(ChatHandle chat, UserHandle from, BotMessage message, String labelFragment);

    /** Everything the bot has shown in this chat so far, oldest first, edits applied, deletions flagged. */
    List<BotMessage> botMessages(ChatHandle chat);

    /** True when the user's message that carried keys was deleted by the bot (vacuously true with no message). */
    boolean keysMessageDeleted(ChatHandle chat, UserHandle from);

    /** Telegram-like platforms let users answer a bot message with a text reply; Discord (interactions only) does not. */
    default boolean supportsTextReplies() {
        return true;
    }

    /** True where a user can post keys visibly in a group (Telegram); Discord takes keys only through a private modal. */
    default boolean keysCanBePostedInGroups() {
        return true;
    }

    /** Telegram passes any /command to the bot; Discord only offers the registered slash commands. */
    default boolean supportsUnknownCommands() {
        return true;
    }

    /** How this platform writes commands; the bot's messages must use this form and never another platform's. */
    CommandSyntax syntax();

    default Duration timeout() {
        return Duration.ofSeconds(15);
    }

    /** Waits for a message (new or edited) matching {@code p}; fails with what the bot did show. */
    default BotMessage awaitBotMessage(ChatHandle chat, Predicate<BotMessage> p) {
        long deadline = System.nanoTime() + timeout().toNanos();
        while (true) {
            Optional<BotMessage> hit = botMessages(chat).stream().filter(p).reduce((a, b) -> b);
            if (hit.isPresent()) {
                return hit.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The bot did not show the expected message within " + timeout()
                        + ". It showed: " + botMessages(chat));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Waits for the next message containing {@code fragment} that was not there before {@code after} messages. */
    default BotMessage awaitNewBotMessage(ChatHandle chat, int after, Predicate<BotMessage> p) {
        return awaitBotMessage(chat, m -> botMessages(chat).indexOf(m) >= after && p.test(m));
    }
}
