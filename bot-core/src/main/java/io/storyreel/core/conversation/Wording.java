package io.storyreel.core.conversation;

import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.storybook.StorybookState;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every sentence the bot says, in one place, for both platforms. Every command and every platform-specific
 * instruction a sentence names comes from the chat's {@link CommandSyntax}, so Telegram users read {@code /remove 2}
 * and Discord users {@code /story remove scene:2}.
 */
final class Wording {
    private Wording() {
    }

    static String welcome(CommandSyntax cs, int maxScenes) {
        return "Hi! I turn your photos into a short film.\n"
                + "1. " + capitalize(cs.addPhoto()) + ", up to " + maxScenes + " photos.\n"
                + "2. Check them with " + cs.list() + ", then " + cs.make() + " to see the cost and confirm.\n"
                + "3. I animate each photo with your own Kling or MiniMax keys (" + cs.setKeysWhere()
                + ") and send you the film.\n"
                + cs.help() + " lists everything I can do.";
    }

    static String help(CommandSyntax cs) {
        return "Collect\n"
                + "  " + cs.addPhoto() + "\n"
                + "  " + cs.newWithTitle() + " – start a fresh storybook\n"
                + "  " + cs.list() + " – the storyboard so far\n"
                + "  " + cs.remove("N") + " · " + cs.move("N", "M") + " · " + cs.prompt("N", "text") + "\n"
                + "Choose\n"
                + "  " + cs.provider() + " – Kling or MiniMax, with prices\n"
                + "  " + cs.settings() + " – model, mode, duration, resolution, negative prompt, style, transitions, captions\n"
                + "Keys (only you see them)\n"
                + "  " + cs.setKeysWhere() + " · " + cs.keys() + " · " + cs.forgetkeys() + "\n"
                + "Film\n"
                + "  " + cs.make() + " – estimate and confirm · " + cs.status() + " · " + cs.cancel() + "\n"
                + "  " + cs.redo("N") + " – make clip N again · " + cs.history() + " – past films";
    }

    static String somethingWentWrong() {
        return "Sorry, something went wrong on my side. Nothing you sent was lost; please try again in a moment.";
    }

    static String unknownCommand(CommandSyntax cs, String name) {
        return "I don't know " + cs.command(name) + ". " + cs.help() + " lists what I can do.";
    }

    /** An answer meant for one member, in a group where everyone sees it. */
    static String forMember(String name, String text) {
        return "For " + name + ": " + text;
    }

    static String staleButton() {
        return "That button is out of date: the storybook has moved on since. Nothing was changed.";
    }

    static String onlyPrivate(CommandSyntax cs, String command) {
        return cs.onlyPrivately(command) + ".";
    }

    static String keysPostedInGroup(CommandSyntax cs, String provider, boolean deleted) {
        return "Please never post API keys in a group. "
                + (deleted ? "I deleted that message" : "I could not delete that message (I need admin rights here), so please delete it now")
                + ", but others may already have seen it: rotate (replace) that " + provider + " key in your " + provider
                + " account, then give me the new one: " + cs.setKeysWhere() + ".";
    }

    static String imageFileTooBig(String fileName, long bytes, long maxBytes) {
        String what = fileName == null || fileName.isBlank() ? "That photo" : "\"" + fileName + "\"";
        return what + " is " + megabytes(bytes) + ", more than the " + megabytes(maxBytes)
                + " I accept. Please send a smaller photo.";
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    static String unsupportedFile(String fileName) {
        String what = fileName == null || fileName.isBlank() ? "That file" : "\"" + fileName + "\"";
        return what + " is not a photo I can use. Please use a JPEG, PNG or WebP photo.";
    }

    static String storybookOpened(CommandSyntax cs, String title, int maxScenes) {
        return "📖 New storybook" + titled(title) + " for up to " + maxScenes + " photos: " + cs.addPhotoToGroup(true) + ".";
    }

    static String newStorybook(CommandSyntax cs, String title, int setAside) {
        return "📖 New storybook" + titled(title) + ". " + capitalize(cs.addPhoto()) + "." + setAside(setAside);
    }

    static String setAside(int photos) {
        return photos > 0 ? " The previous one (" + photos + " " + plural(photos, "photo") + ") was put aside." : "";
    }

    static String busy(CommandSyntax cs) {
        return "A film is being made from this storybook right now. You can add photos once it's done, or stop it with " + cs.cancel() + ".";
    }

    static String added(CommandSyntax cs, List<Scene> scenes, int total, int max) {
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

    static String askPrompt(CommandSyntax cs, int position) {
        return "What should happen in scene " + position + "? " + cs.givePrompt(position, false) + ".";
    }

    static String promptTooLong(CommandSyntax cs, int position, int length, String provider, int max) {
        return "Scene " + position + "'s prompt is " + length + " characters, but " + provider + " takes at most "
                + max + ". " + cs.givePrompt(position, true) + ".";
    }

    static String promptTooLongForCommand(int length, String provider, int max) {
        return "That prompt is " + length + " characters, but " + provider + " takes at most " + max + ". Please shorten it.";
    }

    static String storybookFull(CommandSyntax cs, int max, int refused) {
        return "A storybook holds at most " + max + " photos, so " + (refused == 1 ? "that photo was" : refused + " photos were")
                + " not added. Use " + cs.remove("N") + " to make room, or " + cs.newStorybook() + " to start another storybook.";
    }

    static String photoRejected(int index, int count, String reason) {
        return count > 1 ? "Photo " + index + " was not added: " + reason : reason;
    }

    static String promptSet(int position, String prompt) {
        return "Scene " + position + ": " + quote(prompt);
    }

    static String textHint(CommandSyntax cs) {
        return capitalize(cs.addPhoto()) + " to add a scene, or " + cs.help() + " to see what I can do.";
    }

    static String empty(CommandSyntax cs) {
        return "Your storybook is empty. " + capitalize(cs.addPhoto()) + " to start.";
    }

    static String listText(CommandSyntax cs, String title, List<Scene> scenes, int max, String provider) {
        StringBuilder sb = new StringBuilder("📖 ").append(title == null || title.isBlank() ? "Storybook" : title)
                .append(" – ").append(scenes.size()).append(" of ").append(max).append(" photos");
        if (provider != null) {
            sb.append(" · ").append(provider);
        }
        sb.append('\n');
        for (Scene s : scenes) {
            sb.append(s.position()).append(". ").append(s.hasPrompt() ? s.prompt() : "(no prompt yet: " + cs.prompt(String.valueOf(s.position()), "text") + ")")
                    .append(" – by ").append(s.contributor()).append('\n');
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

    static String removed(CommandSyntax cs, int n, int left) {
        return "Removed scene " + n + ". " + left + " " + plural(left, "scene") + " left; " + cs.list() + " shows them.";
    }

    static String moved(CommandSyntax cs, int from, int to) {
        return "Moved scene " + from + " to position " + to + ". " + cs.list() + " shows the new order.";
    }

    static String frozen(CommandSyntax cs) {
        return "The film is being made, so the scenes can't change now. Wait for it, or " + cs.cancel() + ".";
    }

    static String providerMenu(List<String> lines, String current) {
        return "Which provider should animate your photos? One clip costs about:\n" + String.join("\n", lines)
                + (current == null ? "" : "\nNow: " + current + ".");
    }

    static String providerLine(Capabilities caps, ClipPlan plan, CostEstimate cost) {
        return "• " + caps.displayName() + ": " + money(cost) + " (" + plan.model().label() + ", "
                + plan.combination().durationSeconds() + " s)";
    }

    static String providerSet(CommandSyntax cs, String name) {
        return "Films in this chat will be made with " + name + ". " + cs.settings() + " to fine-tune, " + cs.make() + " when ready.";
    }

    static String unknownProvider(String name, List<String> known) {
        return "I don't know the provider \"" + name + "\". Choose one of: " + String.join(", ", known) + ".";
    }

    static String settings(CommandSyntax cs, String providerName, ClipPlan plan, StorybookSettings s) {
        return "⚙️ Settings (" + providerName + ")\n"
                + "Model: " + plan.model().label() + " · Mode: " + orDash(plan.combination().mode())
                + " · Duration: " + plan.combination().durationSeconds() + " s · Resolution: " + orDash(plan.combination().resolution()) + "\n"
                + "Negative prompt: " + orDash(s.negativePrompt()) + "\n"
                + "Style added to every prompt: " + orDash(s.styleSuffix()) + "\n"
                + "Transitions: " + (s.crossfadeSeconds() > 0 ? "crossfade " + trim(s.crossfadeSeconds()) + " s" : "hard cuts")
                + " · Captions: " + (s.captions() ? "on" : "off") + "\n"
                + "Tap a button, or type e.g. " + cs.setting("duration", "10") + ", " + cs.setting("style", "watercolor")
                + ", " + cs.setting("negative", "blurry") + ".";
    }

    static String settingsUsage(CommandSyntax cs) {
        return "Use " + cs.setting("KEY", "VALUE") + " with KEY one of: model, mode, duration, resolution, negative, style, transitions, captions. "
                + "Use \"off\" to clear negative or style.";
    }

    /** Why the storybook's settings make no clip with its provider ({@link ClipPlan#problem}). */
    static String planProblem(CommandSyntax cs, ClipPlan.Problem p) {
        if (p.unknownModel()) {
            return p.provider() + " has no model " + p.model() + ".";
        }
        StringBuilder wanted = new StringBuilder();
        if (p.mode() != null) {
            wanted.append(" mode ").append(p.mode());
        }
        if (p.durationSeconds() != null) {
            wanted.append(" ").append(p.durationSeconds()).append(" s");
        }
        if (p.resolution() != null) {
            wanted.append(" at ").append(p.resolution());
        }
        return p.provider() + " " + p.model() + " cannot make" + wanted + ". Pick another combination in " + cs.settings() + ".";
    }

    static String settingRefused(String why) {
        return "I can't use that setting: " + why;
    }

    static String setkeysUsage(CommandSyntax cs, List<String> usages) {
        return cs.setkeysIntro() + "\n" + String.join("\n", usages);
    }

    /** @param reenter how to send them again, from {@link CommandSyntax#reenterKeys} */
    static String setkeysWrongFields(String provider, String reenter, boolean messageDeleted) {
        return "That doesn't look like " + provider + " keys. " + reenter
                + (messageDeleted ? " (I deleted your message)." : ".");
    }

    static String keysInvalid(String provider, String why) {
        return provider + " did not accept those keys" + (why == null || why.isBlank() ? "." : ": " + why)
                + " Nothing was saved; please check them and send them again.";
    }

    static String keysSaved(String provider, java.util.Map<String, String> masked, boolean checkedOnline,
                            boolean messageDeleted) {
        String list = masked.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return "🔐 Saved your " + provider + " keys (" + list + "), encrypted. "
                + (checkedOnline ? provider + " accepted them." : "I could only check their format; the first film will tell.")
                + (messageDeleted ? " I deleted the message that held them." : "");
    }

    static String deleteFailed() {
        return "I could not delete the message with your keys; please delete it yourself.";
    }

    static String keys(CommandSyntax cs, List<String> providers, List<String> known) {
        if (providers.isEmpty()) {
            return "You have no keys saved. To add them (" + String.join(", ", known) + "), " + cs.setKeysWhere() + ".";
        }
        return "You have keys for: " + String.join(", ", providers) + ". " + cs.command("forgetkeys") + " removes them.";
    }

    static String forgot(List<String> providers) {
        return providers.isEmpty() ? "You had no keys saved." : "Removed your keys for " + String.join(", ", providers) + ".";
    }

    static String cannotMake(List<String> reasons) {
        return "I can't make the film yet:\n" + reasons.stream().map(r -> "• " + r).collect(Collectors.joining("\n"));
    }

    static String nothingToMake(CommandSyntax cs) {
        return "There's nothing to make yet: " + cs.addPhoto() + " first.";
    }

    static String missingPrompts(CommandSyntax cs, List<Integer> positions) {
        return (positions.size() == 1 ? "Scene " + positions.get(0) + " has" : "Scenes " + numbers(positions) + " have")
                + " no prompt yet (use " + cs.prompt("N", "text") + ").";
    }

    /** @param setkeys how this user sets this provider's keys, from {@link CommandSyntax#setkeys} */
    static String needKeys(CommandSyntax cs, String provider, String setkeys, boolean group) {
        return group ? "You have no " + provider + " keys yet, and whoever confirms pays with their own: " + cs.setKeysWhere() + "."
                : "You have no " + provider + " keys yet: " + cs.setkeysFirst(setkeys) + ".";
    }

    static String tooManyRunning(int max) {
        return "You already have " + max + " " + plural(max, "film") + " in the making; wait for " + (max == 1 ? "it" : "one") + " to finish.";
    }

    static String dailyLimit(int max) {
        return "You've reached today's limit of " + max + " films. Please try again tomorrow.";
    }

    static String sceneProblem(int position, String why) {
        return "Scene " + position + ": " + why;
    }

    static String estimate(String providerName, ClipPlan plan, List<CostEstimate> perClip, CostEstimate total,
                           boolean group) {
        StringBuilder sb = new StringBuilder("🎬 Your film: ").append(perClip.size()).append(" ").append(plural(perClip.size(), "clip"))
                .append(" with ").append(providerName).append(" (").append(plan.model().label());
        if (plan.combination().mode() != null) {
            sb.append(", ").append(plan.combination().mode());
        }
        sb.append(", ").append(plan.combination().durationSeconds()).append(" s");
        if (plan.combination().resolution() != null) {
            sb.append(", ").append(plan.combination().resolution());
        }
        sb.append(")\n");
        for (int i = 0; i < perClip.size(); i++) {
            sb.append("Clip ").append(i + 1).append(": ").append(money(perClip.get(i))).append('\n');
        }
        sb.append("Total: ").append(money(total)).append(", about ").append(perClip.size() * plan.combination().durationSeconds())
                .append(" s of film.\n");
        sb.append(group ? "Whoever presses Confirm pays with their own " + providerName + " keys."
                : "Paid with your own " + providerName + " keys.");
        return sb.toString();
    }

    static String confirmLabel(CostEstimate total) {
        return "✅ Confirm (" + money(total) + ")";
    }

    static String confirmed(String who) {
        return "Confirmed by " + who + ". Starting…";
    }

    static String declined(CommandSyntax cs) {
        return "Not made. Your photos are still here; change what you like and " + cs.make() + " again.";
    }

    static String starting() {
        return "🎬 Starting your film…";
    }

    static String startFailed(CommandSyntax cs) {
        return "I couldn't start the film; nothing was paid. Your photos are still here; please " + cs.make() + " again in a moment.";
    }

    static String noFilmRunning() {
        return "No film is being made right now.";
    }

    static String cancelledRunning(CommandSyntax cs, List<Integer> paid, List<Integer> unpaid, double paidUsd) {
        StringBuilder sb = new StringBuilder("⏹ Stopped.");
        if (!paid.isEmpty()) {
            sb.append(" ").append(paid.size() == 1 ? "Clip " : "Clips ").append(numbers(paid))
                    .append(paid.size() == 1 ? " was" : " were").append(" already paid (about $")
                    .append(String.format(Locale.ROOT, "%.2f", paidUsd)).append(").");
        }
        if (!unpaid.isEmpty()) {
            sb.append(" ").append(unpaid.size() == 1 ? "Clip " : "Clips ").append(numbers(unpaid))
                    .append(unpaid.size() == 1 ? " was" : " were").append(" not charged.");
        }
        return sb.append(" Your photos are kept: ").append(cs.make()).append(" to try again.").toString();
    }

    static String cancelledConfirming() {
        return "Cancelled. Your photos are still here.";
    }

    static String statusCollecting(CommandSyntax cs, int scenes, int max, int missingPrompts, String provider) {
        return "📖 " + scenes + " of " + max + " photos" + (missingPrompts > 0 ? ", " + missingPrompts + " without a prompt" : "")
                + (provider == null ? "" : ", provider " + provider) + ". " + cs.list() + " to see them, " + cs.make() + " when ready.";
    }

    static String statusState(CommandSyntax cs, StorybookState state) {
        return switch (state) {
            case CONFIRMING -> "Waiting for someone to confirm the estimate (or " + cs.cancel() + ").";
            case PAUSED -> "Paused: a clip failed. Choose retry, merge without it, or cancel on the message above.";
            default -> "The film is being made; the status message above shows progress.";
        };
    }

    static String noStorybook(CommandSyntax cs) {
        return "No storybook yet. " + capitalize(cs.addPhoto()) + " to start one.";
    }

    static String paused(int position, String reason) {
        return "⚠️ Clip " + position + " failed: " + reason + "\nWhat should I do?";
    }

    static String retryLabel(int position) {
        return "🔁 Retry clip " + position;
    }

    static String mergeWithoutLabel() {
        return "✂️ Merge without it";
    }

    static String cancelLabel() {
        return "⏹ Cancel";
    }

    static String failed(CommandSyntax cs, String reason) {
        return "😞 The film could not be made: " + reason + "\nYour photos are kept in a new storybook: " + cs.make() + " to try again.";
    }

    static String retrying(int position) {
        return "Making clip " + position + " again…";
    }

    static String mergingWithout() {
        return "Merging the clips that worked…";
    }

    static String redoAsk(int position, String providerName, CostEstimate cost) {
        return "Make clip " + position + " again with " + providerName + " for about " + money(cost) + "? Then I'll merge the film again.";
    }

    static String redoLabel(int position) {
        return "🔁 Redo clip " + position;
    }

    static String keepLabel() {
        return "Keep it";
    }

    static String nothingToRedo() {
        return "There's no finished or paused film here to redo a clip of.";
    }

    static String regenerateLabel() {
        return "🔄 Regenerate";
    }

    static String regenerateBusy(CommandSyntax cs) {
        return "There's already a storybook in progress here. Finish it, or " + cs.newStorybook() + " to start over.";
    }

    static String filmCaption(String title, String providerName, String model, int clips, double seconds, double usd,
                              double units, String unitName, List<String> contributors) {
        StringBuilder sb = new StringBuilder("🎬 ").append(title == null || title.isBlank() ? "Your film" : title).append('\n');
        sb.append(providerName).append(" · ").append(model).append(" · ").append(clips).append(" ").append(plural(clips, "clip"))
                .append(" · ").append(trim(seconds)).append(" s · ").append(String.format(Locale.ROOT, "$%.2f", usd));
        if (unitName != null && !unitName.isBlank() && !unitName.equalsIgnoreCase("usd")) {
            sb.append(" (").append(trim(units)).append(" ").append(unitName).append(")");
        }
        if (contributors != null && !contributors.isEmpty()) {
            sb.append("\nScenes by ").append(String.join(", ", contributors));
        }
        return sb.toString();
    }

    static String delivered() {
        return "✅ Done! Your film is below.";
    }

    static String history(int count) {
        return count == 0 ? "No films here yet." : "Your last " + count + " " + plural(count, "film") + ". Tap one to get it again:";
    }

    static String historyLabel(int index, String title, double seconds) {
        return index + ". " + (title == null || title.isBlank() ? "Film" : title) + " (" + trim(seconds) + " s)";
    }

    static String filmGone() {
        return "Sorry, I no longer have that film.";
    }

    static String addHowTo(CommandSyntax cs, boolean group) {
        return capitalize(group ? cs.addPhotoToGroup(false) : cs.addPhoto()) + ".";
    }

    static String progress(List<String> bars, String stage, String timeLeft) {
        return "🎬 " + stage + "\n" + String.join("\n", bars) + (timeLeft == null ? "" : "\n" + timeLeft);
    }

    // — small helpers —

    static String money(CostEstimate c) {
        String usd = String.format(Locale.ROOT, "$%.2f", c.usd());
        if (c.unitName() == null || c.unitName().isBlank() || c.unitName().equalsIgnoreCase("usd")) {
            return usd;
        }
        return usd + " (" + trim(c.units()) + " " + c.unitName() + ")";
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

    private static String titled(String title) {
        return title == null || title.isBlank() ? "" : " " + quote(title);
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "–" : s;
    }

    static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }
}
