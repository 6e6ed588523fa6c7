package io.storyreel.core.conversation;

import io.storyreel.core.chat.CommandSyntax;

import java.util.List;
import java.util.Locale;

/**
 * The bot's commands named in one chat's {@link CommandSyntax}, and the few instructions whose words depend on how
 * that platform takes input (photos as captioned messages or through a command, text replies or not, keys typed in a
 * private chat or in a private form). The adapter only says how a command is written and what its platform can do;
 * every sentence is written here, so Telegram users read {@code /remove 2} and Discord users
 * {@code /story remove scene:2} in the same sentence.
 */
final class CommandWording {
    private final CommandSyntax syntax;

    CommandWording(CommandSyntax syntax) {
        this.syntax = syntax;
    }

    // ---------------------------------------------------------------- commands

    /** A command by name, with values for its arguments: {@code /provider}, {@code /remove 2}. */
    String command(String name, String... values) {
        return syntax.command(name, values);
    }

    String list() {
        return command("list");
    }

    String make() {
        return command("make");
    }

    String cancel() {
        return command("cancel");
    }

    String status() {
        return command("status");
    }

    String newStorybook() {
        return command("new");
    }

    String newWithTitle() {
        return syntax.usage("new");
    }

    /** {@code scene} may be a placeholder such as {@code N}. */
    String remove(String scene) {
        return command("remove", scene);
    }

    String move(String from, String to) {
        return command("move", from, to);
    }

    String prompt(String scene, String text) {
        return command("prompt", scene, text);
    }

    String redo(String scene) {
        return command("redo", scene);
    }

    String help() {
        return command("help");
    }

    String provider() {
        return command("provider");
    }

    String settings() {
        return command("settings");
    }

    /** One setting typed out: {@code /settings duration 10}. */
    String setting(String key, String value) {
        return command("settings", key, value);
    }

    /** How music is given: an audio message where files travel in messages, else the command with its file. */
    String addMusic() {
        return syntax.photosInMessages() ? "send an audio file or a voice message"
                : "use " + command("music") + " with an audio file";
    }

    String keys() {
        return command("keys");
    }

    String history() {
        return command("history");
    }

    /** How a user sets one provider's keys; {@code fields} are the provider's credential field names. */
    String setkeys(String providerId, List<String> fields) {
        return command("setkeys", providerId, String.join(" ", fields.stream()
                .map(f -> f.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT)).toList()));
    }

    String forgetkeys() {
        return syntax.usage("forgetkeys");
    }

    // ---------------------------------------------------------------- instructions

    /** An instruction, lower case, to add one scene. */
    String addPhoto() {
        return syntax.photosInMessages() ? "send me a photo with a caption (the caption is its prompt)"
                : "add a photo with " + syntax.usage("add") + " (the prompt says what should happen in it)";
    }

    /**
     * An instruction, lower case, to add a scene to a group's (or channel's) storybook.
     *
     * @param fromStorybookMessage whether the sentence is part of the storybook's own message (where members can
     *                             add photos by replying to it)
     */
    String addPhotoToGroup(boolean fromStorybookMessage, int maxScenes) {
        if (!syntax.photosInMessages()) {
            return "anyone here can add one with " + syntax.usage("add") + (syntax.offers("create")
                    ? ", or up to " + maxScenes + " at once with " + command("create") : "");
        }
        String withCommand = "send a photo with " + command("add") + " and its prompt as the caption";
        return syntax.repliesToMessages() ? "reply to " + (fromStorybookMessage ? "this message" : "my storybook message")
                + " with your photo and its prompt as the caption, or " + withCommand : withCommand;
    }

    /** An instruction, lower case, saying where and how keys are entered. */
    String setKeysWhere() {
        return syntax.keysInForm() ? "use " + command("setkeys") + ", which opens a form only you can see"
                : "send " + command("setkeys") + " in a private chat with me";
    }

    /** A sentence, without the final stop, telling how to enter one provider's keys again. */
    String reenterKeys(String providerId, List<String> fields) {
        return syntax.keysInForm() ? "Use " + setkeys(providerId, fields) + " again and fill in every field of the form"
                : "Send them like this: " + setkeys(providerId, fields);
    }

    /** A sentence, without the final stop, asking for a scene's prompt (a shorter one when the last was too long). */
    String givePrompt(int scene, boolean shorter) {
        return syntax.repliesToMessages() ? "Reply to this message with " + (shorter ? "a shorter prompt" : "its prompt")
                : "Give it " + (shorter ? "a shorter one" : "one") + " with " + prompt(String.valueOf(scene), "…");
    }

    /** Sentences, without the final stop, saying a keys command was used where others could read it. */
    String onlyPrivately(String name) {
        return syntax.keysInForm()
                ? "Keys never go in a channel message: use " + command(name) + ", which opens a form only you can see"
                : command(name) + " only works in a private chat with me, so your keys stay private. "
                + "Open a private chat with me and send it there";
    }

    /** The line above the ways to set keys, ending in a colon. */
    String setkeysIntro() {
        return syntax.keysInForm() ? "Choose the provider, and I'll open a form only you can see:"
                : "Send your keys in this private chat like this (I delete the message at once):";
    }

    /** A clause asking to set keys before anything else; {@code setkeys} comes from {@link #setkeys}. */
    String setkeysFirst(String setkeys) {
        return (syntax.keysInForm() ? "use " : "send ") + setkeys + (syntax.keysInForm() ? " first" : " here first");
    }
}
