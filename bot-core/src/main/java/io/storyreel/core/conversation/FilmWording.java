package io.storyreel.core.conversation;

import io.storyreel.core.generation.GenerationListener;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.storybook.StorybookState;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the bot says about making a film: the estimate and confirmation, progress, pauses and failures, the finished
 * film's caption and buttons' labels, redo and history.
 */
final class FilmWording {
    private FilmWording() {
    }

    static String cannotMake(List<String> reasons) {
        return "I can't make the film yet:\n" + reasons.stream().map(r -> "• " + r).collect(Collectors.joining("\n"));
    }

    static String nothingToMake(CommandWording cs) {
        return "There's nothing to make yet: " + cs.addPhoto() + " first.";
    }

    static String missingPrompts(CommandWording cs, List<Integer> positions) {
        return (positions.size() == 1 ? "Scene " + positions.get(0) + " has" : "Scenes " + Wording.numbers(positions) + " have")
                + " no prompt yet (use " + cs.prompt("N", "text") + ").";
    }

    /** Said when the photo is added: it would be refused at {@code /make}, so it is better replaced now. */
    static String photoTooSmall(CommandWording cs, int position, String provider, int min, int width, int height) {
        return "⚠️ Scene " + position + ": " + provider + " needs at least " + min + " pixels on each side; this photo is "
                + width + "×" + height + ", so " + provider + " would refuse it. Choose another photo: "
                + cs.remove(Integer.toString(position)) + ", then send a larger one.";
    }

    static String photoPadded(int position, String provider, int width, int height, int paddedWidth,
                              int paddedHeight) {
        return "Scene " + position + ": this photo (" + width + "×" + height + ") is narrower than " + provider
                + " takes, so it will get black bars (" + paddedWidth + "×" + paddedHeight + ").";
    }

    /** After a change of provider: the scenes whose photos the new one would refuse. */
    static String scenesTooSmall(CommandWording cs, String provider, int min, List<Integer> positions) {
        String which = positions.size() == 1 ? "Scene " + positions.get(0) + "'s photo is"
                : "The photos of scenes " + Wording.numbers(positions) + " are";
        return "⚠️ " + which + " smaller than " + provider + " takes (at least " + min + " pixels on each side). "
                + "Choose other photos for " + (positions.size() == 1 ? "it" : "them") + " before "
                + cs.make() + ", or choose another provider.";
    }

    static String sceneProblem(int position, String why) {
        return "Scene " + position + ": " + why;
    }

    /**
     * The estimate: each clip's price (or that the chat already has it, from a film that was cancelled or failed),
     * then what is left to pay.
     */
    static String estimate(String providerName, ClipPlan plan, List<PricedClip> clips, Set<Integer> made,
                           CostEstimate toPay, boolean group, java.util.Optional<java.time.Duration> eta) {
        StringBuilder sb = new StringBuilder("🎬 Your film: ")
                .append(clips.size()).append(" ").append(Wording.plural(clips.size(), "clip"))
                .append(" with ").append(providerName).append(" (").append(planWords(plan))
                .append(") · ").append(filmShape(plan.settings())).append('\n');
        String chosen = SettingsWording.chosenParameters(plan);
        if (!chosen.isEmpty()) {
            sb.append("With ").append(chosen).append('\n');
        }
        sb.append(SoundWording.estimateLine(plan.settings(), plan.combination().audio()));
        int seconds = 0;
        for (int i = 0; i < clips.size(); i++) {
            PricedClip k = clips.get(i);
            sb.append(Wording.capitalize(k.label()));
            if (!k.plan().provider().equals(plan.provider()) || !k.plan().model().id().equals(plan.model().id())) {
                // a scene with its own provider or model says which, where it is priced
                sb.append(" (").append(k.provider()).append(", ").append(planWords(k.plan())).append(')');
            }
            sb.append(": ").append(made.contains(i + 1) ? "already made, nothing to pay" : Wording.money(k.estimate())).append('\n');
            seconds += k.plan().combination().durationSeconds();
        }
        List<String> providers = clips.stream().map(PricedClip::provider).distinct().toList();
        if (providers.size() > 1) {
            sb.append(providers.stream().map(name -> name + " " + Wording.money(toPayWith(clips, made, name)))
                    .collect(Collectors.joining(" · "))).append('\n');
        }
        if (made.isEmpty()) {
            sb.append("Total: ").append(Wording.money(toPay));
        } else {
            sb.append(made.size()).append(" ").append(Wording.plural(made.size(), "clip")).append(" already made, ")
                    .append(Wording.money(toPay)).append(" to pay");
        }
        sb.append(", about ").append(seconds).append(" s of film.\n");
        if (plan.settings().bridges() && !clips.isEmpty() && plan.settings().lastPhoto() == StorybookSettings.LastPhoto.HOLD) {
            sb.append("The film ends on the last photo (no clip of its own).\n");
        }
        eta.ifPresent(t -> sb.append("Ready in ").append(Wording.about(t)).append(".\n"));
        String keys = providers.isEmpty() ? providerName : Wording.and(providers);
        sb.append(group ? "Whoever presses Confirm pays with their own " + keys + " keys."
                : "Paid with your own " + keys + " keys.");
        return sb.toString();
    }

    /** One clip of an estimate: its label, its provider's name, its plan and its price. */
    record PricedClip(String label, String provider, ClipPlan plan, CostEstimate estimate) {
    }

    /**
     * What is left to pay for {@code clips} once those already made ({@code made}, by position) are left out: in the
     * provider's own units when the film uses one provider, in dollars when it uses several (their units differ).
     */
    static CostEstimate toPay(List<PricedClip> clips, Set<Integer> made) {
        boolean oneUnit = clips.stream().map(k -> k.estimate().unitName()).distinct().count() <= 1;
        CostEstimate total = new CostEstimate(0, oneUnit && !clips.isEmpty() ? clips.get(0).estimate().unitName() : "USD", 0);
        for (int i = 0; i < clips.size(); i++) {
            if (!made.contains(i + 1)) {
                CostEstimate e = clips.get(i).estimate();
                total = oneUnit ? total.plus(e) : total.plus(new CostEstimate(e.usd(), "USD", e.usd()));
            }
        }
        return total;
    }

    /** What is left to pay for the clips of one provider (its display name). */
    private static CostEstimate toPayWith(List<PricedClip> clips, Set<Integer> made, String provider) {
        CostEstimate total = null;
        for (int i = 0; i < clips.size(); i++) {
            PricedClip k = clips.get(i);
            if (k.provider().equals(provider) && !made.contains(i + 1)) {
                total = total == null ? k.estimate() : total.plus(k.estimate());
            }
        }
        return total == null ? new CostEstimate(0, "USD", 0) : total;
    }

    /** "Kling 1.6, std, 5 s, 720p": the model and the combination a plan makes. */
    static String planWords(ClipPlan plan) {
        StringBuilder sb = new StringBuilder(plan.model().label());
        if (plan.combination().mode() != null) {
            sb.append(", ").append(plan.combination().mode());
        }
        sb.append(", ").append(plan.combination().durationSeconds()).append(" s");
        if (plan.combination().resolution() != null) {
            sb.append(", ").append(plan.combination().resolution());
        }
        return sb.toString();
    }

    /** "bridges" or "clips", and the film's aspect ratio where one was chosen: "bridges, 9:16". */
    static String filmShape(StorybookSettings s) {
        return (s.bridges() ? "bridges" : "clips") + (s.aspect() == null ? "" : ", " + s.aspect().label());
    }

    /**
     * Bridges asked of a model that cannot end on a given photo: which models of the provider can (with the
     * combinations they need), and which other providers have such models.
     */
    static String noEndFrame(CommandWording cs, ClipPlan plan, List<String> models, List<String> otherProviders) {
        StringBuilder sb = new StringBuilder("Bridges need a model that can end a clip on the next photo, and ")
                .append(plan.model().label());
        if (plan.combination().mode() != null) {
            sb.append(" (").append(plan.combination().mode()).append(", ").append(plan.combination().durationSeconds()).append(" s)");
        }
        sb.append(" cannot.");
        if (!models.isEmpty()) {
            sb.append(" Models that can: ").append(String.join(", ", models)).append(" (").append(cs.setting("model", "…"))
                    .append(").");
        }
        if (!otherProviders.isEmpty()) {
            sb.append(" Other providers with such models: ").append(String.join(", ", otherProviders)).append('.');
        }
        return sb.append(" Or make separate clips: ").append(cs.setting("film", "clips")).append('.').toString();
    }

    /** Dollars only: the units are in the estimate above it, and a label has no room for a second bracket. */
    static String confirmLabel(CostEstimate total) {
        return "✅ Confirm (" + String.format(Locale.ROOT, "$%.2f", total.usd()) + ")";
    }

    static String confirmed(String who) {
        return "Confirmed by " + who + ". Starting…";
    }

    static String declined(CommandWording cs) {
        return "Not made. Your photos are still here; change what you like and " + cs.make() + " again.";
    }

    /** An estimate's last words when a newer one was shown (its buttons go). */
    static String estimateReplaced() {
        return "This estimate was replaced by the newer one below.";
    }

    /** An estimate's last words when the storybook changed after it was shown. */
    static String estimateOutdated(CommandWording cs) {
        return "This estimate is out of date: the storybook changed. Use " + cs.make() + " for a new one.";
    }

    /** An estimate's last words when it was withdrawn with cancel. */
    static String estimateWithdrawn() {
        return "⏹ Withdrawn; nothing was paid.";
    }

    /** A stopped film's progress message, without its Cancel button. */
    static String stoppedStatus() {
        return "⏹ Stopped: this film will not be finished.";
    }

    /** A failed film's progress message, without its Cancel button; the message below says why. */
    static String failedStatus() {
        return "😞 This film could not be made (see below).";
    }

    static String starting() {
        return "🎬 Starting your film…";
    }

    static String startFailed(CommandWording cs) {
        return "I couldn't start the film; nothing was paid. Your photos are still here; please " + cs.make() + " again in a moment.";
    }

    static String noFilmRunning() {
        return "No film is being made right now.";
    }

    static String cancelledRunning(CommandWording cs, List<Integer> paid, List<Integer> unpaid, double paidUsd) {
        StringBuilder sb = new StringBuilder("⏹ Stopped.");
        if (!paid.isEmpty()) {
            sb.append(" ").append(paid.size() == 1 ? "Clip " : "Clips ").append(Wording.numbers(paid))
                    .append(paid.size() == 1 ? " was" : " were").append(" already paid (about $")
                    .append(String.format(Locale.ROOT, "%.2f", paidUsd)).append(").");
        }
        if (!unpaid.isEmpty()) {
            sb.append(" ").append(unpaid.size() == 1 ? "Clip " : "Clips ").append(Wording.numbers(unpaid))
                    .append(unpaid.size() == 1 ? " was" : " were").append(" not charged.");
        }
        return sb.append(" Your photos are kept: ").append(cs.make()).append(" to try again.").toString();
    }

    static String cancelledConfirming() {
        return "Cancelled. Your photos are still here.";
    }

    static String statusCollecting(CommandWording cs, int scenes, int max, int missingPrompts, String provider) {
        return "📖 " + scenes + " of " + max + " photos" + (missingPrompts > 0 ? ", " + missingPrompts + " without a prompt" : "")
                + (provider == null ? "" : ", provider " + provider) + ". " + cs.list() + " to see them, " + cs.make() + " when ready.";
    }

    static String statusState(CommandWording cs, StorybookState state) {
        return switch (state) {
            case CONFIRMING -> "Waiting for someone to confirm the estimate (or " + cs.cancel() + ").";
            case PAUSED -> "Paused: a clip failed. Choose retry, merge without it, or cancel on the message above.";
            default -> "The film is being made; the status message above shows progress.";
        };
    }

    static String noStorybook(CommandWording cs) {
        return "No storybook yet. " + Wording.capitalize(cs.addPhoto()) + " to start one.";
    }

    static String paused(int position, String reason) {
        return "⚠️ Clip " + position + " failed: " + reason + "\nWhat should I do?";
    }

    /** A pause message after the film was cancelled: what happened, and no question left to answer. */
    static String pauseCancelled(int position, String reason) {
        return "⚠️ Clip " + position + " failed: " + reason + "\n⏹ The film was cancelled.";
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

    static String failed(CommandWording cs, String reason) {
        return "😞 The film could not be made: " + reason + "\nYour photos are kept in a new storybook: " + cs.make() + " to try again.";
    }

    static String retrying(int position) {
        return "Making clip " + position + " again…";
    }

    static String mergingWithout() {
        return "Merging the clips that worked…";
    }

    /** {@code what} is "clip 2" or "bridge 2 → 3" ({@link io.storyreel.core.storybook.Shot#label}). */
    static String redoAsk(String what, String providerName, CostEstimate cost) {
        return "Make " + what + " again with " + providerName + " for about " + Wording.money(cost) + "? Then I'll merge the film again.";
    }

    static String redoLabel(String what) {
        return "🔁 Redo " + what;
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

    static String regenerateBusy(CommandWording cs) {
        return "There's already a storybook in progress here. Finish it, or " + cs.newStorybook() + " to start over.";
    }

    /**
     * The film's caption: its shape when {@code settings} (may be null) make it bridges or a fixed aspect, the model
     * parameters chosen for it in words (empty: none), what the provider charged ({@code usd}, {@code units}) beside
     * the estimate when they differ by a cent or more, and how long it took to make ({@code took}, null: unknown).
     */
    static String filmCaption(String title, String providerName, String model, String parameters, int clips,
                              StorybookSettings settings, double seconds, double estimatedUsd, double usd, double units,
                              String unitName, List<String> contributors, List<GenerationListener.Payment> payments,
                              java.time.Duration took) {
        StringBuilder sb = new StringBuilder("🎬 ").append(title == null || title.isBlank() ? "Your film" : title).append('\n');
        String charged = String.format(Locale.ROOT, "$%.2f", usd);
        String estimated = String.format(Locale.ROOT, "$%.2f", estimatedUsd);
        sb.append(providerName).append(" · ").append(model).append(" · ");
        if (settings != null && (settings.bridges() || settings.aspect() != null)) {
            sb.append(filmShape(settings)).append(" · ");
        }
        sb.append(clips).append(" ").append(Wording.plural(clips, "clip"))
                .append(" · ").append(Wording.trim(seconds)).append(" s · ")
                .append(charged.equals(estimated) ? charged : "estimated " + estimated + ", charged " + charged);
        if (unitName != null && !unitName.isBlank() && !unitName.equalsIgnoreCase("usd")) {
            sb.append(" (").append(Wording.trim(units)).append(" ").append(unitName).append(")");
        }
        if (parameters != null && !parameters.isEmpty()) {
            sb.append("\nWith ").append(parameters);
        }
        sb.append(SoundWording.captionLine(settings));
        if (took != null) {
            sb.append("\nMade in ").append(Wording.span(took));
        }
        if (contributors != null && !contributors.isEmpty()) {
            sb.append("\nScenes by ").append(String.join(", ", contributors));
        }
        if (payments != null && !payments.isEmpty()) {
            sb.append('\n').append(paidBy(payments));
        }
        return sb.toString();
    }

    /** Who paid for what: "$0.42 paid by Alice, $0.21 by Bob". */
    static String paidBy(List<GenerationListener.Payment> payments) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < payments.size(); i++) {
            GenerationListener.Payment p = payments.get(i);
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "$%.2f", p.usd()))
                    .append(i == 0 ? " paid by " : " by ").append(p.name() == null ? "a member" : p.name());
        }
        return sb.toString();
    }

    static String delivered() {
        return "✅ Done! Your film is below.";
    }

    /**
     * @param deleted one line per film whose file retention deleted (no button for it); the others have buttons
     */
    static String history(int count, List<String> deleted) {
        if (count == 0) {
            return "No films here yet.";
        }
        String head = "Your last " + count + " " + Wording.plural(count, "film") + ".";
        if (deleted.isEmpty()) {
            return head + " Tap one to get it again:";
        }
        return head + "\n" + String.join("\n", deleted) + "\nThis bot keeps films for a limited time."
                + (deleted.size() < count ? " Tap one of the others to get it again:" : "");
    }

    static String historyDeleted(int index, String title, double seconds, long days) {
        return historyLabel(index, title, seconds) + ": " + deletedAfter(days);
    }

    /** "deleted after 30 days": how long retention kept the files. */
    static String deletedAfter(long days) {
        return days < 1 ? "deleted within a day" : "deleted after " + days + " " + Wording.plural((int) Math.min(days, 1_000_000), "day");
    }

    static String redoFilesDeleted(CommandWording cs, int position, long days) {
        return "Clip " + position + " can't be made again: this film's photos and clips were " + deletedAfter(days)
                + " (this bot keeps them for a limited time), so nothing was paid. To film these scenes again, "
                + cs.addPhoto() + ".";
    }

    static String historyLabel(int index, String title, double seconds) {
        return index + ". " + (title == null || title.isBlank() ? "Film" : title) + " (" + Wording.trim(seconds) + " s)";
    }

    static String filmGone() {
        return "Sorry, I no longer have that film.";
    }

    static String filmDeleted(long days) {
        return "Sorry, that film's file was " + deletedAfter(days) + " (this bot keeps films for a limited time).";
    }

    static String progress(List<String> bars, String stage, String timeLeft) {
        return "🎬 " + stage + "\n" + String.join("\n", bars) + (timeLeft == null ? "" : "\n" + timeLeft);
    }
}
