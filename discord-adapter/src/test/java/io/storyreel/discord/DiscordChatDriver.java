package io.storyreel.discord;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.CommandSyntax;
import io.storyreel.core.conversation.contract.BotMessage;
import io.storyreel.core.conversation.contract.ChatDriver;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.sim.discord.FakeDiscord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays the contract's users on the fake Discord: commands are slash commands, photos are {@code /story add} and
 * {@code /story create}, keys go through the {@code /setkeys} modal, buttons are pressed on the bot's messages. The
 * bot is the real {@link DiscordBot} on Discord4J feeding core's {@code Conversation} (the contract's {@link TestBot}).
 */
final class DiscordChatDriver implements ChatDriver {
    private final FakeDiscord discord = FakeDiscord.start(FakeDiscord.Settings.defaults());
    private final TestBot core;
    private final DiscordBot bot;
    private final AtomicLong ids = new AtomicLong(1000);
    private final FakeDiscord.Guild guild;
    private final Map<String, FakeDiscord.User> users = new ConcurrentHashMap<>();
    private final Map<String, FakeDiscord.Channel> channels = new ConcurrentHashMap<>();

    DiscordChatDriver(Path dir) {
        core = new TestBot(dir);
        bot = new DiscordBot(new DiscordSettings(discord.settings().botToken(), discord.restUrl(), null, 0),
                TestBot.catalog(), DiscordAdapterTest.PROVIDERS, event -> core.conversation().accept(event),
                SettableClock.following(discord::now));
        core.withPort(Platform.DISCORD, bot.chatPort());
        bot.start();
        guild = discord.guild(ids.getAndIncrement(), "Contract guild");
    }

    FakeDiscord discord() {
        return discord;
    }

    /** The fake's channel behind a chat handle. */
    FakeDiscord.Channel channelOf(ChatHandle chat) {
        return channel(chat);
    }

    @Override
    public UserHandle user(String name) {
        FakeDiscord.User u = discord.user(ids.getAndIncrement(), name);
        users.put(Long.toString(u.id()), u);
        return new UserHandle(Long.toString(u.id()), name);
    }

    @Override
    public ChatHandle privateChat(UserHandle user) {
        FakeDiscord.Channel c = discord.dm(users.get(user.id()));
        channels.put(Long.toString(c.id()), c);
        return new ChatHandle(Long.toString(c.id()), false);
    }

    @Override
    public ChatHandle group(String title, UserHandle... members) {
        FakeDiscord.Channel c = discord.channel(guild, ids.getAndIncrement(), title);
        channels.put(Long.toString(c.id()), c);
        return new ChatHandle(Long.toString(c.id()), true);
    }

    @Override
    public void command(ChatHandle chat, UserHandle from, String name, String args) {
        String[] words = args == null || args.isBlank() ? new String[0] : args.trim().split("\\s+", 2);
        Map<String, Object> options = new LinkedHashMap<>();
        switch (name) {
            case "new" -> {
                if (args != null && !args.isBlank()) {
                    options.put("title", args.trim());
                }
                story(chat, from, "new", options);
            }
            case "list", "make", "cancel", "status" -> story(chat, from, name, options);
            case "remove", "redo" -> {
                if (words.length > 0) {
                    options.put("scene", Long.parseLong(words[0]));
                }
                story(chat, from, name, options);
            }
            case "move" -> {
                String[] n = args.trim().split("\\s+");
                options.put("from", Long.parseLong(n[0]));
                options.put("to", Long.parseLong(n[1]));
                story(chat, from, "move", options);
            }
            case "prompt" -> {
                options.put("scene", Long.parseLong(words[0]));
                options.put("text", words.length > 1 ? words[1] : "");
                story(chat, from, "prompt", options);
            }
            case "scene" -> {
                String[] n = args.trim().split("\\s+");
                options.put("scene", Long.parseLong(n[0]));
                if (n.length > 1) {
                    options.put("provider", n[1]);
                }
                if (n.length > 2) {
                    options.put("model", n[2]);
                }
                story(chat, from, "scene", options);
            }
            case "provider", "forgetkeys" -> {
                if (words.length > 0) {
                    options.put("provider", words[0]);
                }
                discord.slash(user(from), channel(chat), name, null, options);
            }
            case "settings" -> {
                if (words.length > 0) {
                    options.put("option", words[0]);
                }
                if (words.length > 1) {
                    options.put("value", words[1]);
                }
                discord.slash(user(from), channel(chat), name, null, options);
            }
            default -> discord.slash(user(from), channel(chat), name, null, options);
        }
    }

    private void story(ChatHandle chat, UserHandle from, String sub, Map<String, Object> options) {
        discord.slash(user(from), channel(chat), "story", sub, options);
    }

    @Override
    public void sendPhoto(ChatHandle chat, UserHandle from, byte[] bytes, String caption) {
        story(chat, from, "add", new LinkedHashMap<>(Map.of(
                "image", new FakeDiscord.Upload("photo.jpg", "image/jpeg", bytes),
                "prompt", caption == null ? "" : caption)));
    }

    @Override
    public void sendAlbum(ChatHandle chat, UserHandle from, List<Photo> photos) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 0; i < photos.size(); i++) {
            options.put("image" + (i + 1), new FakeDiscord.Upload("photo" + (i + 1) + ".jpg", "image/jpeg",
                    photos.get(i).bytes()));
            if (photos.get(i).caption() != null) {
                options.put("prompt" + (i + 1), photos.get(i).caption());
            }
        }
        story(chat, from, "create", options);
    }

    @Override
    public void sendFile(ChatHandle chat, UserHandle from, byte[] bytes, String fileName, String mimeType) {
        story(chat, from, "add", new LinkedHashMap<>(Map.of(
                "image", new FakeDiscord.Upload(fileName, mimeType, bytes), "prompt", "this file")));
    }

    @Override
    public void reply(ChatHandle chat, UserHandle from, BotMessage to, String text) {
        throw new UnsupportedOperationException("Discord bots see interactions only, not text replies");
    }

    @Override
    public void submitKeys(ChatHandle chat, UserHandle from, String provider, String secret) {
        FakeDiscord.Interaction open = discord.slash(user(from), channel(chat), "setkeys", null,
                Map.of("provider", provider));
        FakeDiscord.Modal modal = discord.awaitModal(open, timeout());
        String[] parts = secret.trim().split("\\s+");
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < modal.inputIds().size(); i++) {
            values.put(modal.inputIds().get(i), i < parts.length ? parts[i] : "");
        }
        discord.submitModal(user(from), open, values);
    }

    @Override
    public void press(ChatHandle chat, UserHandle from, BotMessage message, String labelFragment) {
        Button b = message.button(labelFragment)
                .orElseThrow(() -> new AssertionError("No button '" + labelFragment + "' on " + message));
        FakeDiscord.Posted posted = discord.message(Long.parseLong(message.id()))
                .orElseThrow(() -> new AssertionError("message " + message.id() + " is gone"));
        discord.pressButton(user(from), posted, b.data());
    }

    @Override
    public List<BotMessage> botMessages(ChatHandle chat) {
        List<BotMessage> out = new ArrayList<>();
        for (FakeDiscord.Posted p : discord.messages(channel(chat))) {
            if (p.loading()) {
                continue; // "the bot is thinking" is not a message yet
            }
            List<List<Button>> buttons = p.buttons().stream()
                    .map(row -> row.stream().map(b -> new Button(b.label(), b.customId())).toList()).toList();
            byte[] video = p.files().stream().filter(f -> f.fileName().endsWith(".mp4")).map(FakeDiscord.File::bytes)
                    .findFirst().orElse(null);
            boolean image = p.files().stream().anyMatch(f -> !f.fileName().endsWith(".mp4"));
            out.add(new BotMessage(Long.toString(p.id()), asShown(p.content()), buttons, image, video, false,
                    p.ephemeral()));
        }
        return out;
    }

    /** As a Discord client shows it: a user mention ({@code <@id>}) reads as that member's name. */
    private String asShown(String content) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<@!?(\\d+)>").matcher(content);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            FakeDiscord.User u = users.get(m.group(1));
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(u == null ? m.group() : u.name()));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public boolean keysMessageDeleted(ChatHandle chat, UserHandle from) {
        return true; // keys travel only inside the modal; no user message ever holds them
    }

    @Override
    public CommandSyntax syntax() {
        return bot.chatPort().syntax();
    }

    @Override
    public boolean supportsTextReplies() {
        return false;
    }

    @Override
    public boolean keysCanBePostedInGroups() {
        return false;
    }

    @Override
    public boolean supportsUnknownCommands() {
        return false;
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(20);
    }

    private FakeDiscord.User user(UserHandle h) {
        return users.get(h.id());
    }

    private FakeDiscord.Channel channel(ChatHandle h) {
        return channels.get(h.id());
    }

    @Override
    public void close() throws Exception {
        bot.close();
        discord.close();
        core.close();
    }
}
