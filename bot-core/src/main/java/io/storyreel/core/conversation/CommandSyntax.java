package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Platform;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a command is written on each platform, so {@link Wording} can name commands once and every user reads the
 * form their chat accepts: Telegram takes words after the command ({@code /remove 2}), Discord takes the bot's
 * registered slash commands with named options ({@code /story remove scene:2}). The option names here must match
 * the ones the Discord adapter registers. Also the few instructions that differ by platform: how to add a photo
 * and where keys are entered.
 */
public enum CommandSyntax {
    TELEGRAM {
        @Override
        String story(String sub) {
            return "/" + sub;
        }

        @Override
        public String remove(String scene) {
            return "/remove " + scene;
        }

        @Override
        public String move(String from, String to) {
            return "/move " + from + " " + to;
        }

        @Override
        public String prompt(String scene, String text) {
            return "/prompt " + scene + " " + text;
        }

        @Override
        public String redo(String scene) {
            return "/redo " + scene;
        }

        @Override
        public String newWithTitle() {
            return "/new [title]";
        }

        @Override
        public String setting(String key, String value) {
            return "/settings " + key + " " + value;
        }

        @Override
        public String setkeys(String providerId, List<String> fields) {
            return "/setkeys " + providerId + " " + String.join(" ", fields.stream()
                    .map(f -> f.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT)).toList());
        }

        @Override
        public String forgetkeys() {
            return "/forgetkeys [provider]";
        }

        @Override
        public String addPhoto() {
            return "send me a photo with a caption (the caption is its prompt)";
        }

        @Override
        public String addPhotoToGroup(boolean fromStorybookMessage) {
            return "reply to " + (fromStorybookMessage ? "this message" : "my storybook message")
                    + " with your photo and its prompt as the caption, or send a photo with /add and its prompt as the caption";
        }

        @Override
        public String setKeysWhere() {
            return "send /setkeys in a private chat with me";
        }

        @Override
        public String reenterKeys(String providerId, List<String> fields) {
            return "Send them like this: " + setkeys(providerId, fields);
        }

        @Override
        public String givePrompt(int scene, boolean shorter) {
            return "Reply to this message with " + (shorter ? "a shorter prompt" : "its prompt");
        }

        @Override
        public String onlyPrivately(String command) {
            return command(command) + " only works in a private chat with me, so your keys stay private. "
                    + "Open a private chat with me and send it there";
        }

        @Override
        public String setkeysIntro() {
            return "Send your keys in this private chat like this (I delete the message at once):";
        }

        @Override
        public String setkeysFirst(String setkeys) {
            return "send " + setkeys + " here first";
        }
    },

    DISCORD {
        @Override
        String story(String sub) {
            return "/story " + sub;
        }

        @Override
        public String remove(String scene) {
            return "/story remove scene:" + scene;
        }

        @Override
        public String move(String from, String to) {
            return "/story move from:" + from + " to:" + to;
        }

        @Override
        public String prompt(String scene, String text) {
            return "/story prompt scene:" + scene + " text:" + text;
        }

        @Override
        public String redo(String scene) {
            return "/story redo scene:" + scene;
        }

        @Override
        public String newWithTitle() {
            return "/story new [title:…]";
        }

        @Override
        public String setting(String key, String value) {
            return "/settings option:" + key + " value:" + value;
        }

        @Override
        public String setkeys(String providerId, List<String> fields) {
            return "/setkeys provider:" + providerId;
        }

        @Override
        public String forgetkeys() {
            return "/forgetkeys [provider:…]";
        }

        @Override
        public String addPhoto() {
            return "add a photo with /story add image:… prompt:… (the prompt says what should happen in it)";
        }

        @Override
        public String addPhotoToGroup(boolean fromStorybookMessage) {
            return "anyone here can add one with /story add image:… prompt:…, or up to six at once with /story create";
        }

        @Override
        public String setKeysWhere() {
            return "use /setkeys, which opens a form only you can see";
        }

        @Override
        public String reenterKeys(String providerId, List<String> fields) {
            return "Use " + setkeys(providerId, fields) + " again and fill in every field of the form";
        }

        @Override
        public String givePrompt(int scene, boolean shorter) {
            return "Give it " + (shorter ? "a shorter one" : "one") + " with " + prompt(String.valueOf(scene), "…");
        }

        @Override
        public String onlyPrivately(String command) {
            return "Keys never go in a channel message: use " + command(command) + ", which opens a form only you can see";
        }

        @Override
        public String setkeysIntro() {
            return "Choose the provider, and I'll open a form only you can see:";
        }

        @Override
        public String setkeysFirst(String setkeys) {
            return "use " + setkeys + " first";
        }
    };

    /** The syntax of the chat's platform. */
    public static CommandSyntax of(ChatRef chat) {
        return of(chat.platform());
    }

    public static CommandSyntax of(Platform platform) {
        return switch (Objects.requireNonNull(platform, "platform")) {
            case TELEGRAM -> TELEGRAM;
            case DISCORD -> DISCORD;
        };
    }

    /** A storybook command without arguments: {@code /list} or {@code /story list}. */
    abstract String story(String sub);

    public String list() {
        return story("list");
    }

    public String make() {
        return story("make");
    }

    public String cancel() {
        return story("cancel");
    }

    public String status() {
        return story("status");
    }

    public String newStorybook() {
        return story("new");
    }

    public abstract String newWithTitle();

    /** {@code scene} may be a placeholder such as {@code N}. */
    public abstract String remove(String scene);

    public abstract String move(String from, String to);

    public abstract String prompt(String scene, String text);

    public abstract String redo(String scene);

    /** A top-level command, written the same on both platforms: {@code /provider}, {@code /help}. */
    public String command(String name) {
        return "/" + name;
    }

    public String help() {
        return command("help");
    }

    public String provider() {
        return command("provider");
    }

    public String settings() {
        return command("settings");
    }

    /** One setting typed out: {@code /settings duration 10}. */
    public abstract String setting(String key, String value);

    public String keys() {
        return command("keys");
    }

    public String history() {
        return command("history");
    }

    /** How a user sets one provider's keys; {@code fields} are the provider's credential field names. */
    public abstract String setkeys(String providerId, List<String> fields);

    public abstract String forgetkeys();

    /** An instruction, lower case, to add one scene. */
    public abstract String addPhoto();

    /**
     * An instruction, lower case, to add a scene to a group's (or channel's) storybook.
     *
     * @param fromStorybookMessage whether the sentence is part of the storybook's own message (Telegram members add
     *                             photos by replying to it)
     */
    public abstract String addPhotoToGroup(boolean fromStorybookMessage);

    /** An instruction, lower case, saying where and how keys are entered. */
    public abstract String setKeysWhere();

    /** A sentence, without the final stop, telling how to enter one provider's keys again. */
    public abstract String reenterKeys(String providerId, List<String> fields);

    /** A sentence, without the final stop, asking for a scene's prompt (a shorter one when the last was too long). */
    public abstract String givePrompt(int scene, boolean shorter);

    /** Sentences, without the final stop, saying a keys command was used where others could read it. */
    public abstract String onlyPrivately(String command);

    /** The line above the ways to set keys, ending in a colon. */
    public abstract String setkeysIntro();

    /** A clause asking to set keys before anything else; {@code setkeys} comes from {@link #setkeys}. */
    public abstract String setkeysFirst(String setkeys);
}
