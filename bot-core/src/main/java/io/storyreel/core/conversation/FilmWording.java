package io.storyreel.core.conversation;

import io.storyreel.core.generation.GenerationListener;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.storybook.ClipPlan;
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

    static String nothingToMake(CommandSyntax cs) {
        return "There's nothing to make yet: " + cs.addPhoto() + " first.";
    }

    static String missingPrompts(CommandSyntax cs, List<Integer> positions) {
        return (positions.size() == 1 ? "Scene " + positions.get(0) + " has" : "Scenes " + Wording.numbers(positions) + " have")
                + " no prompt yet (use " + cs.prompt("N", "text") + ").";
    }

    static String sceneProblem(int position, String why) {
        return "Scene " + position + ": " + why;
    }

    /**
     * The estimate: each clip's price (or that the chat already has it, from a film that was cancelled or failed),
     * then what is left to pay.
     */
    static String estimate(String providerName, ClipPlan plan, List<CostEstimate> perClip, Set<Integer> made,
                           CostEstimate toPay, boolean group) {
        StringBuilder sb = new StringBuilder("🎬 Your film: ").append(perClip.size()).append(" ").append(Wording.plural(perClip.size(), "clip"))
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
            sb.append("Clip ").append(i + 1).append(": ")
                    .append(made.contains(i + 1) ? "already made, nothing to pay" : Wording.money(perClip.get(i))).append('\n');
        }
        int seconds = perClip.size() * plan.combination().durationSeconds();
        if (made.isEmpty()) {
            sb.append("Total: ").append(Wording.money(toPay));
        } else {
            sb.append(made.size()).append(" ").append(Wording.plural(made.size(), "clip")).append(" already made, ")
                    .append(Wording.money(toPay)).append(" to pay");
        }
        sb.append(", about ").append(seconds).append(" s of film.\n");
        sb.append(group ? "Whoever presses Confirm pays with their own " + providerName + " keys."
                : "Paid with your own " + providerName + " keys.");
        return sb.toString();
    }

    static String confirmLabel(CostEstimate total) {
        return "✅ Confirm (" + Wording.money(total) + ")";
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
        return "No storybook yet. " + Wording.capitalize(cs.addPhoto()) + " to start one.";
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
        return "Make clip " + position + " again with " + providerName + " for about " + Wording.money(cost) + "? Then I'll merge the film again.";
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
                              double units, String unitName, List<String> contributors,
                              List<GenerationListener.Payment> payments) {
        StringBuilder sb = new StringBuilder("🎬 ").append(title == null || title.isBlank() ? "Your film" : title).append('\n');
        sb.append(providerName).append(" · ").append(model).append(" · ").append(clips).append(" ").append(Wording.plural(clips, "clip"))
                .append(" · ").append(Wording.trim(seconds)).append(" s · ").append(String.format(Locale.ROOT, "$%.2f", usd));
        if (unitName != null && !unitName.isBlank() && !unitName.equalsIgnoreCase("usd")) {
            sb.append(" (").append(Wording.trim(units)).append(" ").append(unitName).append(")");
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

    static String history(int count) {
        return count == 0 ? "No films here yet." : "Your last " + count + " " + Wording.plural(count, "film") + ". Tap one to get it again:";
    }

    static String historyLabel(int index, String title, double seconds) {
        return index + ". " + (title == null || title.isBlank() ? "Film" : title) + " (" + Wording.trim(seconds) + " s)";
    }

    static String filmGone() {
        return "Sorry, I no longer have that film.";
    }

    static String progress(List<String> bars, String stage, String timeLeft) {
        return "🎬 " + stage + "\n" + String.join("\n", bars) + (timeLeft == null ? "" : "\n" + timeLeft);
    }
}
