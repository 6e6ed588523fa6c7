package io.storyreel.core.conversation.contract;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.CommandSyntax;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestBot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives the conversation directly with {@link ChatEvent}s and reads what it sent from a {@link RecordingChatPort}:
 * the contract proven against core alone, before any adapter is involved. Each action waits until the
 * conversation has handled it.
 */
public final class InMemoryChatDriver implements ChatDriver {
    private final TestBot bot;
    private final RecordingChatPort port = new RecordingChatPort();
    private final AtomicLong ids = new AtomicLong(1);
    private final Map<String, MessageRef> keyMessages = new ConcurrentHashMap<>();

    public InMemoryChatDriver(Path dir) {
        this.bot = new TestBot(dir).withPort(Platform.TELEGRAM, port);
    }

    public TestBot bot() {
        return bot;
    }

    @Override
    public CommandSyntax syntax() {
        return port.syntax();
    }

    @Override
    public UserHandle user(String name) {
        return new UserHandle(String.valueOf(ids.getAndIncrement()), name);
    }

    @Override
    public ChatHandle privateChat(UserHandle user) {
        return new ChatHandle(user.id(), false);
    }

    @Override
    public ChatHandle group(String title, UserHandle... members) {
        return new ChatHandle("-" + ids.getAndIncrement(), true);
    }

    private static ChatRef ref(ChatHandle chat) {
        return new ChatRef(Platform.TELEGRAM, chat.id(), chat.group() ? ChatKind.GROUP : ChatKind.PRIVATE);
    }

    private static UserRef ref(UserHandle user) {
        return new UserRef(Platform.TELEGRAM, user.id(), user.name());
    }

    private MessageRef userMessage(ChatHandle chat) {
        return new MessageRef(ref(chat), "u" + ids.getAndIncrement());
    }

    private void deliver(ChatEvent e) {
        bot.conversation().submit(e).orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public void command(ChatHandle chat, UserHandle from, String name, String args) {
        String raw = args == null ? "" : args.strip();
        deliver(new ChatEvent.Command(ref(chat), ref(from), name, raw.isEmpty() ? List.of() : List.of(raw.split("\\s+")),
                raw, userMessage(chat), null));
    }

    private ChatEvent.PhotoAdded photo(ChatHandle chat, UserHandle from, byte[] bytes, String caption, String album, long order) {
        return new ChatEvent.PhotoAdded(ref(chat), ref(from), bytes, "photo.jpg", caption, album, order,
                userMessage(chat), null, true);
    }

    @Override
    public void sendPhoto(ChatHandle chat, UserHandle from, byte[] bytes, String caption) {
        deliver(photo(chat, from, bytes, caption, null, 0));
    }

    @Override
    public void sendAlbum(ChatHandle chat, UserHandle from, List<Photo> photos) {
        List<ChatEvent.PhotoAdded> parts = new ArrayList<>();
        String album = "album" + ids.getAndIncrement();
        for (int i = 0; i < photos.size(); i++) {
            parts.add(photo(chat, from, photos.get(i).bytes(), photos.get(i).caption(), album, i));
        }
        deliver(new ChatEvent.Album(ref(chat), ref(from), parts));
    }

    @Override
    public void sendFile(ChatHandle chat, UserHandle from, byte[] bytes, String fileName, String mimeType) {
        deliver(new ChatEvent.UnsupportedFile(ref(chat), ref(from), fileName, mimeType, bytes.length, userMessage(chat)));
    }

    @Override
    public void reply(ChatHandle chat, UserHandle from, BotMessage to, String text) {
        deliver(new ChatEvent.TextMessage(ref(chat), ref(from), text, userMessage(chat), new MessageRef(ref(chat), to.id())));
    }

    @Override
    public void submitKeys(ChatHandle chat, UserHandle from, String provider, String secret) {
        MessageRef source = userMessage(chat);
        keyMessages.put(chat.id() + "|" + from.id(), source);
        deliver(new ChatEvent.SecretSubmitted(ref(chat), ref(from), provider, secret, source));
    }

    @Override
    public void press(ChatHandle chat, UserHandle from, BotMessage message, String labelFragment) {
        Button b = message.button(labelFragment)
                .orElseThrow(() -> new AssertionError("No button '" + labelFragment + "' on " + message));
        deliver(new ChatEvent.ButtonPressed(ref(chat), ref(from), b.data(), new MessageRef(ref(chat), message.id())));
    }

    @Override
    public List<BotMessage> botMessages(ChatHandle chat) {
        return port.in(ref(chat)).stream()
                .map(s -> new BotMessage(s.id(), s.text(), s.buttons(), s.message().image() != null, s.video(),
                        port.isDeleted(s.ref()), s.message().privateToUser()))
                .toList();
    }

    @Override
    public boolean keysMessageDeleted(ChatHandle chat, UserHandle from) {
        MessageRef m = keyMessages.get(chat.id() + "|" + from.id());
        return m == null || port.isDeleted(m);
    }

    @Override
    public void close() throws Exception {
        bot.close();
    }
}
