package io.storyreel.core.conversation.testing;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatDeliveryException;
import io.storyreel.core.chat.ChatPort;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.CommandSyntax;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.UserRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * An in-memory {@link ChatPort} that records everything the bot sends, edits and deletes, for tests of the
 * conversation without any chat platform. Message ids are numbers from a counter shared by all chats.
 */
public final class RecordingChatPort implements ChatPort {
    private final AtomicLong ids = new AtomicLong(1000);
    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    private final Set<MessageRef> deleted = ConcurrentHashMap.newKeySet();
    private final Set<MessageRef> documents = ConcurrentHashMap.newKeySet();
    private final List<ChatRef> activities = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> admins = ConcurrentHashMap.newKeySet();
    private volatile long uploadLimitBytes = 50_000_000;
    private volatile boolean failDeletes;
    private final CommandSyntax syntax;

    /** A port whose users write commands like Telegram's. */
    public RecordingChatPort() {
        this(TestSyntax.telegramLike());
    }

    public RecordingChatPort(CommandSyntax syntax) {
        this.syntax = syntax;
    }

    /** One message the bot sent; {@code message} is the latest version after edits, {@code video} the film's bytes. */
    public static final class Sent {
        private final MessageRef ref;
        private volatile Message message;
        private final byte[] video;
        private final List<Message> versions = Collections.synchronizedList(new ArrayList<>());

        Sent(MessageRef ref, Message message, byte[] video) {
            this.ref = ref;
            this.message = message;
            this.video = video;
            versions.add(message);
        }

        public MessageRef ref() {
            return ref;
        }

        public String id() {
            return ref.messageId();
        }

        public ChatRef chat() {
            return ref.chat();
        }

        public Message message() {
            return message;
        }

        public String text() {
            return message.text();
        }

        public List<List<Button>> buttons() {
            return message.buttons();
        }

        public byte[] video() {
            return video;
        }

        public int edits() {
            return versions.size() - 1;
        }

        public List<Message> versions() {
            return List.copyOf(versions);
        }

        public Button button(String labelFragment) {
            return message.buttons().stream().flatMap(List::stream).filter(b -> b.label().contains(labelFragment))
                    .findFirst().orElseThrow(() -> new AssertionError("No button with '" + labelFragment + "' on: " + this));
        }

        @Override
        public String toString() {
            return "Sent[" + ref.messageId() + (video != null ? " video " + video.length + " B" : "") + ": " + message.text()
                    + " " + message.buttons().stream().flatMap(List::stream).map(Button::label).toList() + "]";
        }
    }

    /** Makes {@code user} an administrator of {@code chat} (or not), as the platform would report. */
    public void setAdministrator(ChatRef chat, UserRef user, boolean admin) {
        if (admin) {
            admins.add(chat.key() + "|" + user.key());
        } else {
            admins.remove(chat.key() + "|" + user.key());
        }
    }

    @Override
    public boolean isAdministrator(ChatRef chat, UserRef user) {
        return admins.contains(chat.key() + "|" + user.key());
    }

    public void setUploadLimitBytes(long bytes) {
        this.uploadLimitBytes = bytes;
    }

    @Override
    public CommandSyntax syntax() {
        return syntax;
    }

    @Override
    public MessageRef send(ChatRef chat, Message message) {
        MessageRef ref = new MessageRef(chat, String.valueOf(ids.incrementAndGet()));
        sent.add(new Sent(ref, message, null));
        return ref;
    }

    @Override
    public void edit(MessageRef ref, Message message) {
        Sent s = find(ref);
        if (s == null) {
            throw new ChatDeliveryException("message to edit not found");
        }
        if (!s.message.text().equals(message.text()) || !s.message.buttons().equals(message.buttons())) {
            s.message = message;
            s.versions.add(message);
        }
    }

    @Override
    public void removeButtons(MessageRef ref) {
        Sent s = find(ref);
        if (s != null && !s.message.buttons().isEmpty()) {
            s.message = s.message.withButtons(List.of());
            s.versions.add(s.message);
        }
    }

    @Override
    public void delete(MessageRef ref) {
        if (failDeletes) {
            throw new ChatDeliveryException("message can't be deleted", false, null);
        }
        deleted.add(ref);
    }

    /** From now on every delete is refused, as where the bot lacks the right to delete (a group, a Discord DM). */
    public void failDeletes(boolean fail) {
        this.failDeletes = fail;
    }

    @Override
    public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<List<Button>> buttons) {
        try {
            byte[] bytes = Files.readAllBytes(mp4);
            if (bytes.length > uploadLimitBytes) {
                throw new ChatDeliveryException("too large", true, null);
            }
            MessageRef ref = new MessageRef(chat, String.valueOf(ids.incrementAndGet()));
            sent.add(new Sent(ref, new Message(caption, buttons, null, false, null), bytes));
            return ref;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Recorded like a video (its bytes in {@link Sent#video()}), with {@link #documents()} naming it a file. */
    @Override
    public MessageRef sendDocument(ChatRef chat, Path file, String fileName, String caption, List<List<Button>> buttons) {
        MessageRef ref = sendVideo(chat, file, caption, buttons);
        documents.add(ref);
        return ref;
    }

    /** The messages sent as files. */
    public Set<MessageRef> documents() {
        return Set.copyOf(documents);
    }

    @Override
    public long uploadLimitBytes(ChatRef chat) {
        return uploadLimitBytes;
    }

    @Override
    public void showActivity(ChatRef chat, Activity activity) {
        activities.add(chat);
    }

    public List<Sent> all() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    public List<Sent> in(ChatRef chat) {
        return all().stream().filter(s -> s.chat().key().equals(chat.key())).toList();
    }

    public Sent last(ChatRef chat) {
        List<Sent> in = in(chat);
        if (in.isEmpty()) {
            throw new AssertionError("The bot sent nothing to " + chat.key());
        }
        return in.get(in.size() - 1);
    }

    public List<String> texts(ChatRef chat) {
        return in(chat).stream().map(Sent::text).toList();
    }

    public List<Sent> matching(ChatRef chat, Predicate<Sent> p) {
        return in(chat).stream().filter(p).toList();
    }

    public boolean isDeleted(MessageRef ref) {
        return deleted.contains(ref);
    }

    public Set<MessageRef> deleted() {
        return Set.copyOf(deleted);
    }

    public Sent find(MessageRef ref) {
        return all().stream().filter(s -> s.ref().equals(ref)).findFirst().orElse(null);
    }
}
