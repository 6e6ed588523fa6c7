package io.storyreel.telegram.contract;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.CommandSyntax;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.conversation.contract.BotMessage;
import io.storyreel.core.conversation.contract.ChatDriver;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.FakeTelegramServer;
import io.storyreel.sim.telegram.SimButton;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.telegram.TelegramBot;
import io.storyreel.telegram.TelegramSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays the contract's users through Telegram: actions go to the fake Bot API as user messages, the real
 * TelegramBots library polls them, the adapter turns them into events for core's real conversation, and the bot's
 * answers are read back from the fake server. In groups the driver addresses the bot the way privacy mode allows
 * ({@code /add} captions for photos, albums as replies to the bot's latest message), though the bot is made an
 * admin there, because only an admin may delete a member's message that leaked a key.
 */
public final class TelegramChatDriver implements ChatDriver {
    private final FakeTelegramServer server;
    private final TestBot core;
    private final TelegramBot bot;
    private final AtomicLong ids = new AtomicLong(5001);
    private final Map<String, SimUser> users = new ConcurrentHashMap<>();
    private final Map<String, SimChat> chats = new ConcurrentHashMap<>();
    private final Map<String, Integer> keyMessages = new ConcurrentHashMap<>();

    public TelegramChatDriver(Path dir) {
        server = FakeTelegramServer.start(FakeTelegramServer.Settings.defaults().withAlbumGap(Duration.ofMillis(40)));
        core = new TestBot(dir);
        TelegramSettings settings = TelegramSettings.of(server.token(), server.baseUrl(), server.baseUrl(),
                        server.uploadLimit())
                .withAlbumDebounce(Duration.ofMillis(300), Duration.ofSeconds(3))
                .withPacing(Duration.ofMillis(10), Duration.ofMillis(30))
                .withActivityEvery(Duration.ofMillis(500));
        bot = new TelegramBot(settings, TestBot.catalog());
        core.withPort(Platform.TELEGRAM, bot.chatPort());
        // on the conversation's own lanes, as the app runs it: each update is queued once
        bot.start(core.conversation().lanes(), core.conversation()::handleNow);
    }

    public FakeTelegramServer server() {
        return server;
    }

    @Override
    public CommandSyntax syntax() {
        return bot.chatPort().syntax();
    }

    public SimChat simChat(ChatHandle chat) {
        return chats.get(chat.id());
    }

    /** Every chat the scenario used, as its members saw it. */
    public String transcripts() {
        StringBuilder out = new StringBuilder();
        chats.values().forEach(c -> out.append(server.transcript(c)).append('\n'));
        return out.toString();
    }

    @Override
    public UserHandle user(String name) {
        SimUser u = server.user(ids.getAndIncrement(), name);
        users.put(String.valueOf(u.id()), u);
        return new UserHandle(String.valueOf(u.id()), name);
    }

    @Override
    public ChatHandle privateChat(UserHandle user) {
        SimChat c = server.privateChat(users.get(user.id()));
        chats.put(String.valueOf(c.id()), c);
        return new ChatHandle(String.valueOf(c.id()), false);
    }

    @Override
    public ChatHandle group(String title, UserHandle... members) {
        SimChat c = server.supergroup(-1000000000000L - ids.getAndIncrement(), title);
        // the contract expects a key posted in a group to be deleted; Telegram allows that only to admins (spec A5)
        server.setBotAdmin(c, true);
        chats.put(String.valueOf(c.id()), c);
        return new ChatHandle(String.valueOf(c.id()), true);
    }

    private SimChat chat(ChatHandle h) {
        return chats.get(h.id());
    }

    private SimUser user(UserHandle h) {
        return users.get(h.id());
    }

    @Override
    public void command(ChatHandle chat, UserHandle from, String name, String args) {
        String target = chat.group() ? "@" + server.botUsername() : "";
        String line = "/" + name + target + (args == null || args.isBlank() ? "" : " " + args.strip());
        server.sendCommand(chat(chat), user(from), line);
    }

    @Override
    public void sendPhoto(ChatHandle chat, UserHandle from, byte[] bytes, String caption) {
        String c = chat.group() ? "/add" + (caption == null ? "" : " " + caption) : caption;
        server.sendPhoto(chat(chat), user(from), bytes, c);
    }

    @Override
    public void sendAlbum(ChatHandle chat, UserHandle from, List<Photo> photos) {
        List<AlbumPart> parts = photos.stream().map(p -> new AlbumPart(p.bytes(), p.caption())).toList();
        if (chat.group()) {
            List<SimMessage> mine = server.botMessages(chat(chat));
            server.replyAlbum(chat(chat), user(from), mine.get(mine.size() - 1).messageId(), parts);
        } else {
            server.sendAlbum(chat(chat), user(from), parts);
        }
    }

    @Override
    public void sendFile(ChatHandle chat, UserHandle from, byte[] bytes, String fileName, String mimeType) {
        server.sendDocument(chat(chat), user(from), bytes, fileName, mimeType);
    }

    @Override
    public void reply(ChatHandle chat, UserHandle from, BotMessage to, String text) {
        server.reply(chat(chat), user(from), Integer.parseInt(to.id()), text);
    }

    @Override
    public void submitKeys(ChatHandle chat, UserHandle from, String provider, String secret) {
        int id = server.sendCommand(chat(chat), user(from), "/setkeys " + provider + " " + secret);
        keyMessages.put(chat.id() + "|" + from.id(), id);
    }

    @Override
    public void press(ChatHandle chat, UserHandle from, BotMessage message, String labelFragment) {
        SimMessage m = server.message(chat(chat), Integer.parseInt(message.id())).orElseThrow();
        SimButton b = m.buttons().stream().flatMap(List::stream).filter(x -> x.text().contains(labelFragment))
                .findFirst().orElseThrow(() -> new AssertionError("No button '" + labelFragment + "' on " + message));
        server.pressButton(chat(chat), user(from), m.messageId(), b.callbackData());
    }

    @Override
    public List<BotMessage> botMessages(ChatHandle chat) {
        return server.botMessages(chat(chat)).stream().map(m -> new BotMessage(String.valueOf(m.messageId()),
                m.textOrCaption(), m.buttons().stream().map(row -> row.stream()
                        .map(b -> new Button(b.text(), b.callbackData())).toList()).toList(),
                m.photo() != null, m.video(), m.deleted(), false)).toList();
    }

    @Override
    public boolean keysMessageDeleted(ChatHandle chat, UserHandle from) {
        Integer id = keyMessages.get(chat.id() + "|" + from.id());
        return id == null || server.message(chat(chat), id).map(SimMessage::deleted).orElse(false);
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(20);
    }

    @Override
    public void close() throws Exception {
        bot.close();
        server.close();
        core.close();
    }
}
