package io.storyreel.core.conversation;

import io.storyreel.core.image.ImageInspector;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.Shot;
import io.storyreel.core.storybook.StorybookSettings;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the bot says in general and while a storybook is collected (welcome, help, scenes, photos, prompts), and the
 * small helpers every sentence shares (money, numbers, plurals, quotes). {@link FilmWording}, {@link KeyWording},
 * {@link SettingsWording} and {@link ReasonWording} hold the rest, by topic. Every command and every
 * platform-specific instruction a sentence names comes from the chat's {@link CommandWording}, so Telegram users read
 * {@code /remove 2} and Discord users {@code /story remove scene:2}.
 */
final class Wording {
    private Wording() {
    }

    static String welcome(CommandWording cs, int maxScenes) {
        return "Hi! I turn your photos into a short film.\n"
                + "1. " + capitalize(cs.addPhoto()) + ", up to " + maxScenes + " photos.\n"
                + "2. Check them with " + cs.list() + ", then " + cs.make() + " to see the cost and confirm.\n"
                + "3. I animate each photo with your own Kling or MiniMax keys (" + cs.setKeysWhere()
                + ") and send you the film.\n"
                + cs.help() + " lists everything I can do.";
    }

    static String help(CommandWording cs) {
        return "Collect\n"
                + "  " + cs.addPhoto() + "\n"
                + "  " + cs.newWithTitle() + " – start a fresh storybook\n"
                + "  " + cs.list() + " – the storyboard so far\n"
                + "  " + cs.remove("N") + " · " + cs.move("N", "M") + " · " + cs.prompt("N", "text") + "\n"
                + "  " + cs.command("scene", "N", "provider", "model") + " – a photo made by a different AI\n"
                + "Choose\n"
                + "  " + cs.provider() + " – Kling or MiniMax, with prices\n"
                + "  " + cs.settings() + " – model, mode, duration, resolution, negative prompt, style, transitions, captions\n"
                + "Keys (only you see them)\n"
                + "  " + cs.setKeysWhere() + " · " + cs.keys() + " · " + cs.forgetkeys() + "\n"
                + "Film\n"
                + "  " + cs.make() + " – estimate and confirm · " + cs.status() + " · " + cs.cancel() + "\n"
                + "  " + cs.redo("N") + " – make clip N again · " + cs.history() + " – past films\n"
                + PermissionWording.helpSection();
    }

    static String somethingWentWrong() {
        return "Sorry, something went wrong on my side. Nothing you sent was lost; please try again in a moment.";
    }

    static String unknownCommand(CommandWording cs, String name) {
        return "I don't know " + cs.command(name) + ". " + cs.help() + " lists what I can do.";
    }

    static String opsOnlyInPrivate() {
        return "The operator's summary names other people's films and spend: ask for it in a private chat with me.";
    }

    /** An answer meant for one member, in a group where everyone sees it. */
    static String forMember(String name, String text) {
        return "For " + name + ": " + text;
    }

    static String staleButton() {
        return "That button is out of date: the storybook has moved on since. Nothing was changed.";
    }

    static String imageFileTooBig(String fileName, long bytes, long maxBytes) {
        String what = fileName == null || fileName.isBlank() ? "That photo" : "\"" + fileName + "\"";
        return what + " is " + ImageInspector.megabytes(bytes) + ", more than the "
                + ImageInspector.megabytes(maxBytes) + " I accept. Please send a smaller photo.";
    }

    static String unsupportedFile(String fileName) {
        String what = fileName == null || fileName.isBlank() ? "That file" : "\"" + fileName + "\"";
        return what + " is not a photo I can use. Please use a JPEG, PNG or WebP photo.";
    }

    /** {@code kind} in words with its article ("a sticker", "a voice message"). */
    static String notAPhoto(String kind) {
        return capitalize(kind) + " is not a photo I can use. Please use a JPEG, PNG or WebP photo.";
    }

    static String storybookOpened(CommandWording cs, String title, int maxScenes) {
        return "📖 New storybook" + titled(title) + " for up to " + maxScenes + " photos: " + cs.addPhotoToGroup(true, maxScenes) + ".";
    }

    static String newStorybook(CommandWording cs, String title, int setAside) {
        return "📖 New storybook" + titled(title) + ". " + capitalize(cs.addPhoto()) + "." + setAside(setAside);
    }

    static String setAside(int photos) {
        return photos > 0 ? " The previous one (" + photos + " " + plural(photos, "photo") + ") was put aside." : "";
    }

    static String busy(CommandWording cs) {
        return "A film is being made from this storybook right now. You can add photos once it's done, or stop it with " + cs.cancel() + ".";
    }

    static String added(CommandWording cs, List<Scene> scenes, int total, int max) {
        StringBuilder sb = new StringBuilder();
        for (Scene s : scenes) {
            sb.append("Added scene ").append(s.position());
            sb.append(s.hasPrompt() ? ": " + quote(s.prompt()) : " (no prompt yet)").append('\n');
        }
        sb.append(total).append(" of ").append(max).append(" photos. ");
        sb.append(total < max ? "Add more, or " + cs.make() + " when you're ready."
                : "That's the most a film takes; " + cs.make() + " when you're ready.");
        return sb.toString();
    }

    static String askPrompt(CommandWording cs, int position) {
        return "What should happen in scene " + position + "? " + cs.givePrompt(position, false) + ".";
    }

    static String promptTooLong(CommandWording cs, int position, int length, String provider, int max) {
        return "Scene " + position + "'s prompt is " + length + " characters, but " + provider + " takes at most "
                + max + ". " + cs.givePrompt(position, true) + ".";
    }

    static String promptTooLongForCommand(int length, String provider, int max) {
        return "That prompt is " + length + " characters, but " + provider + " takes at most " + max + ". Please shorten it.";
    }

    static String storybookFull(CommandWording cs, int max, int refused) {
        return "A storybook holds at most " + max + " photos, so " + (refused == 1 ? "that photo was" : refused + " photos were")
                + " not added. Use " + cs.remove("N") + " to make room, or " + cs.newStorybook() + " to start another storybook.";
    }

    static String photoRejected(int index, int count, String reason) {
        return count > 1 ? "Photo " + index + " was not added: " + reason : reason;
    }

    static String promptSet(int position, String prompt) {
        return "Scene " + position + ": " + quote(prompt);
    }

    static String textHint(CommandWording cs) {
        return capitalize(cs.addPhoto()) + " to add a scene, or " + cs.help() + " to see what I can do.";
    }

    static String empty(CommandWording cs) {
        return "Your storybook is empty. " + capitalize(cs.addPhoto()) + " to start.";
    }

    /** @param own what follows a scene's line when it has its own provider or model ("" when it follows the storybook) */
    static String listText(CommandWording cs, String title, List<Scene> scenes, int max, String provider,
                           StorybookSettings settings, java.util.function.Function<Scene, String> own) {
        StringBuilder sb = new StringBuilder("📖 ").append(title == null || title.isBlank() ? "Storybook" : title)
                .append(" – ").append(scenes.size()).append(" of ").append(max).append(" photos");
        if (provider != null) {
            sb.append(" · ").append(provider);
        }
        sb.append(" · ").append(FilmWording.filmShape(settings)).append('\n');
        List<Shot> shots = Shot.plan(settings, scenes);
        // who added each scene matters only when several did; one member is not credited on every line
        boolean credit = scenes.stream().map(Scene::contributor).distinct().count() > 1;
        for (Scene s : scenes) {
            Optional<Shot> shot = shots.stream().filter(x -> x.position() == s.position()).findFirst();
            sb.append(s.position()).append(". ").append(s.hasPrompt() ? s.prompt() : "(no prompt yet: " + cs.prompt(String.valueOf(s.position()), "text") + ")")
                    .append(credit ? " – by " + s.contributor() : "").append(own.apply(s));
            if (settings.bridges()) {
                sb.append(shot.map(x -> " (" + x.label() + ")").orElse(" (held: the film ends here)"));
            }
            sb.append('\n');
        }
        return sb.toString().strip();
    }

    /** @param usage the command as it should have been typed, e.g. {@code cs.remove("N")} */
    static String notANumber(String usage) {
        return "Please give scene numbers: " + usage;
    }

    static String noSuchScene(int n, int count) {
        return count == 0 ? "Your storybook is empty." : "There is no scene " + n + "; scenes go from 1 to " + count + ".";
    }

    static String removed(CommandWording cs, int n, int left) {
        return "Removed scene " + n + ". " + left + " " + plural(left, "scene") + " left; " + cs.list() + " shows them.";
    }

    static String moved(CommandWording cs, int from, int to) {
        return "Moved scene " + from + " to position " + to + ". " + cs.list() + " shows the new order.";
    }

    static String frozen(CommandWording cs) {
        return "The film is being made, so the scenes can't change now. Wait for it, or " + cs.cancel() + ".";
    }

    static String addHowTo(CommandWording cs, boolean group, int maxScenes) {
        return capitalize(group ? cs.addPhotoToGroup(false, maxScenes) : cs.addPhoto()) + ".";
    }

    // — small helpers —

    static String money(CostEstimate c) {
        String usd = String.format(Locale.ROOT, "$%.2f", c.usd());
        if (c.unitName() == null || c.unitName().isBlank() || c.unitName().equalsIgnoreCase("usd")) {
            return usd;
        }
        return usd + " (" + trim(c.units()) + " " + c.unitName() + ")";
    }

    /** "Kling", "Kling and MiniMax", "Kling, fal.ai and MiniMax". */
    static String and(List<String> words) {
        return words.size() <= 1 ? String.join("", words)
                : String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
    }

    static String numbers(List<Integer> ns) {
        List<String> s = ns.stream().map(String::valueOf).toList();
        return s.size() <= 1 ? String.join("", s) : String.join(", ", s.subList(0, s.size() - 1)) + " and " + s.get(s.size() - 1);
    }

    static String plural(int n, String word) {
        return n == 1 ? word : word + "s";
    }

    static String quote(String s) {
        return "“" + s + "”";
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String titled(String title) {
        return title == null || title.isBlank() ? "" : " " + quote(title);
    }

    static String orDash(String s) {
        return s == null || s.isBlank() ? "–" : s;
    }

    static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    /** A time to wait, rounded as people say it: "under a minute", "about a minute", "about 4 min". */
    static String about(java.time.Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 45) {
            return "under a minute";
        }
        long minutes = Math.round(s / 60.0);
        return minutes <= 1 ? "about a minute" : "about " + minutes + " min";
    }

    /** A time taken: "45 s", "3 min 20 s". */
    static String span(java.time.Duration d) {
        long s = Math.max(0, Math.round(d.toMillis() / 1000.0));
        return s < 60 ? s + " s" : s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }

    /** A file the bot does not take: too large a picture or sound file, or not a photo at all. */
    static String unsupported(io.storyreel.core.chat.ChatEvent.UnsupportedFile u,
                              io.storyreel.core.config.StoryreelConfig.Limits limits) {
        long max = limits.maxPhotoBytes();
        boolean bigImage = u.mimeType() != null && u.mimeType().startsWith("image/") && u.bytes() > max;
        boolean bigAudio = u.mimeType() != null && u.mimeType().startsWith("audio/") && u.bytes() > limits.maxMusicBytes();
        return bigAudio ? SoundWording.musicTooBig(u.fileName(), u.bytes(), limits.maxMusicBytes())
                : bigImage ? imageFileTooBig(u.fileName(), u.bytes(), max)
                : u.kind() != null ? notAPhoto(u.kind()) : unsupportedFile(u.fileName());
    }
}
