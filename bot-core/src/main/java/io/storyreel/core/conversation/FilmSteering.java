package io.storyreel.core.conversation;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.generation.CurrentClip;
import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.keys.KeyVault;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.SceneOverride;
import io.storyreel.core.storybook.Shot;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookState;

import java.util.List;
import java.util.Optional;

import static io.storyreel.core.conversation.ChatContext.groupReply;
import static io.storyreel.core.conversation.ChatContext.intArg;

/**
 * What may be done to a film once it is paid for: retry a failed clip, merge without it, cancel, redo a clip. Each
 * press is first put to {@link FilmPermissions}; a member who may not is told who can, and nothing is spent or
 * changed. Anyone may instead retry or redo a clip with their own keys ({@link ButtonAction.Verb#RETRY_MINE}): they
 * pay for that clip only, and the film's other clips go on with their own payers' keys. Buttons about one clip name
 * the attempt they were shown for, so a second press after the first made a new attempt is stale in every process.
 */
final class FilmSteering {
    private final ChatContext ctx;
    private final FilmProgress progress;
    private final GenerationEngine engine;
    private final KeyVault vault;
    private final FilmPermissions permissions;
    private final StorybookRepository storybooks;
    private final SceneRepository scenes;
    private final FilmRepository films;

    FilmSteering(ChatContext ctx, FilmProgress progress, GenerationEngine engine, KeyVault vault,
                 FilmPermissions permissions, StorybookRepository storybooks, SceneRepository scenes,
                 FilmRepository films) {
        this.ctx = ctx;
        this.progress = progress;
        this.engine = engine;
        this.vault = vault;
        this.permissions = permissions;
        this.storybooks = storybooks;
        this.scenes = scenes;
        this.films = films;
    }

    /** Retry under a pause: the failed clip is made again, paid by whoever paid for it (they, or an admin, may). */
    void retryClip(ChatEvent.ButtonPressed b, Storybook sb, ButtonAction a) {
        Optional<ButtonAction.ClipArg> clip = a.clip();
        if (sb.state() != StorybookState.PAUSED || clip.isEmpty()) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        int n = clip.get().position();
        Optional<CurrentClip> current = engine.currentClip(sb.id(), n);
        Optional<String> refusal = permissions.refusal(FilmPermissions.Action.RETRY, b.chat(), b.user(), sb,
                current.map(CurrentClip::payerKey).orElse(null));
        if (refusal.isPresent()) {
            offerOwnKeys(b, sb, clip.get(), current, refusal.get());
            return;
        }
        if (tell(b, () -> engine.retryClip(sb.id(), n, null, clip.get().ref()))) {
            progress.pauseAnswered(sb.id(), b.message());
            ctx.editQuietly(b.message(), Message.text(FilmWording.retrying(n)));
        }
    }

    /** Retry or redo one clip with the presser's own keys (anyone with keys): they pay for that clip only. */
    void retryMine(ChatEvent.ButtonPressed b, Storybook sb, ButtonAction a) {
        Optional<ButtonAction.ClipArg> clip = a.clip();
        if (!redoable(sb) || clip.isEmpty()) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        int n = clip.get().position();
        if (!hasKeys(b, sb, n)) {
            return;
        }
        if (tell(b, () -> engine.retryClip(sb.id(), n, b.user().key(), clip.get().ref()))) {
            ctx.editQuietly(b.message(), Message.text(FilmWording.retrying(n)));
            retrying(b.chat(), sb, n, PermissionWording.payingForClip(b.user().displayName(), n));
        }
    }

    /** Merge without under a pause (the film's payer, or an admin): the film is made of the clips that worked. */
    void mergeWithout(ChatEvent.ButtonPressed b, Storybook sb) {
        if (sb.state() != StorybookState.PAUSED) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        Optional<String> refusal = permissions.refusal(FilmPermissions.Action.MERGE_WITHOUT, b.chat(), b.user(), sb, null);
        if (refusal.isPresent()) {
            ctx.answerPress(b, refusal.get());
            return;
        }
        if (tell(b, () -> engine.mergeWithout(sb.id()))) {
            progress.pauseAnswered(sb.id(), b.message());
            ctx.editQuietly(b.message(), Message.text(FilmWording.mergingWithout()));
        }
    }

    /**
     * {@code cancel}: an estimate waiting for confirmation is withdrawn (by the member who asked for it, or an admin);
     * a film being made is stopped (by its payer, or an admin).
     */
    void cancel(ChatEvent.Command c) {
        Optional<Storybook> open = storybooks.findOpen(c.chat());
        if (open.isEmpty() || open.get().state() == StorybookState.COLLECTING) {
            ctx.refuse(c, FilmWording.noFilmRunning());
            return;
        }
        Storybook sb = open.get();
        boolean confirming = sb.state() == StorybookState.CONFIRMING;
        Optional<String> refusal = permissions.refusal(confirming ? FilmPermissions.Action.DECLINE
                : FilmPermissions.Action.CANCEL, c.chat(), c.user(), sb, null);
        if (refusal.isPresent()) {
            ctx.refuse(c, Wording.capitalize(refusal.get())); // it answers their own command
            return;
        }
        if (confirming) {
            if (storybooks.backToCollecting(sb.id())) {
                ctx.retireEstimate(sb, FilmWording.estimateWithdrawn());
            }
            ctx.reply(c, FilmWording.cancelledConfirming());
            return;
        }
        stopFilm(c.chat(), sb, c.source(), text -> ctx.refuse(c, text));
    }

    /** Cancel under a film in the making (its payer, or an admin). */
    void cancelPressed(ChatEvent.ButtonPressed b, Storybook sb) {
        if (!sb.state().running()) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        Optional<String> refusal = permissions.refusal(FilmPermissions.Action.CANCEL, b.chat(), b.user(), sb, null);
        if (refusal.isPresent()) {
            ctx.answerPress(b, refusal.get());
            return;
        }
        stopFilm(b.chat(), sb, null, text -> ctx.answerPress(b, text));
    }

    private void stopFilm(ChatRef chat, Storybook sb, MessageRef source, java.util.function.Consumer<String> tell) {
        GenerationEngine.CancelResult[] result = new GenerationEngine.CancelResult[1];
        if (!ctx.engineCall(chat, tell, () -> result[0] = engine.cancel(sb.id()))) {
            return;
        }
        ctx.keepScenesInNewStorybook(sb);
        progress.forget(sb.id());
        Storybook now = storybooks.find(sb.id()).orElse(sb);
        if (now.statusMsgId() != null) { // its Cancel button goes, and it no longer counts down
            ctx.editQuietly(new MessageRef(chat, now.statusMsgId()), Message.text(FilmWording.stoppedStatus()));
        }
        GenerationEngine.CancelResult r = result[0];
        ctx.reply(chat, source, FilmWording.cancelledRunning(ctx.syntax(chat), r.paidPositions(), r.unpaidPositions(), r.paidUsd()));
    }

    /** {@code redo N}: offer to make clip N of the last film again, with its price. */
    void redo(ChatEvent.Command c) {
        Optional<Integer> n = intArg(c.args(), 0);
        if (n.isEmpty()) {
            ctx.refuse(c, Wording.notANumber(ctx.syntax(c.chat()).redo("N")));
            return;
        }
        Optional<Storybook> latest = storybooks.findLatest(c.chat());
        if (latest.isEmpty() || !redoable(latest.get())) {
            ctx.refuse(c, FilmWording.nothingToRedo());
            return;
        }
        askRedo(c.chat(), c.user(), latest.get(), n.get(), c.source());
    }

    /** Redo under a film (or a pause): ask first, with the price; whoever confirms the redo pays for it. */
    void redoAsked(ChatEvent.ButtonPressed b, Storybook sb, ButtonAction a) {
        Optional<ButtonAction.ClipArg> clip = a.clip();
        if (!redoable(sb) || clip.isEmpty()) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        askRedo(b.chat(), b.user(), sb, clip.get().position(), null);
    }

    private void askRedo(ChatRef chat, UserRef user, Storybook sb, int position, MessageRef source) {
        Optional<Scene> scene = scenes.at(sb.id(), position);
        if (scene.isEmpty()) {
            ctx.refuse(chat, source, Wording.noSuchScene(position, scenes.count(sb.id())));
            return;
        }
        if (filesDeleted(chat, source, sb, position)) {
            return;
        }
        // the clip is made again on its scene's own provider and model where the scene chose them
        VideoProvider p = ctx.provider(SceneOverride.providerOf(scene.get(), sb.provider()));
        Optional<ClipPlan> plan = p == null ? Optional.empty()
                : ClipPlan.resolve(p, SceneOverride.settings(scene.get(), sb.provider(), p, sb.settings()));
        if (plan.isEmpty()) {
            ctx.refuse(chat, source, FilmWording.nothingToRedo());
            return;
        }
        int end = Shot.endOf(sb.settings(), scenes.list(sb.id()), position);
        CostEstimate cost = p.estimate(plan.get().request(scene.get().prompt(), null, scene.get().imageMime(), null,
                end == 0 ? null : scene.get().imageMime()));
        // the offer names the attempt it would replace: confirming it twice (or after another redo) is stale
        String ref = engine.currentClip(sb.id(), position).map(CurrentClip::ref).orElse(null);
        String what = Shot.label(position, end);
        ctx.say(chat, Message.text(FilmWording.redoAsk(what, p.capabilities().displayName(), cost))
                .withButtons(List.of(List.of(
                        new ButtonAction(ButtonAction.Verb.REDO_CONFIRM, sb.id(), new ButtonAction.ClipArg(position, ref).encode())
                                .button(FilmWording.redoLabel(what)),
                        new ButtonAction(ButtonAction.Verb.DECLINE, sb.id(), "keep").button(FilmWording.keepLabel()))))
                .replyingTo(groupReply(chat, source)));
    }

    /**
     * The redo is confirmed: the member who confirmed pays for that clip, as with a new film; the film's other clips
     * keep their payers. While the film is still being made only its payer (or an admin) may change it; anyone else
     * is offered the same clip with their own keys.
     */
    void redoConfirmed(ChatEvent.ButtonPressed b, Storybook sb, ButtonAction a) {
        Optional<ButtonAction.ClipArg> clip = a.clip();
        if (!redoable(sb) || clip.isEmpty()) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        int n = clip.get().position();
        if (filesDeleted(b.chat(), b.source(), sb, n)) {
            return;
        }
        Optional<String> refusal = permissions.refusal(FilmPermissions.Action.REDO, b.chat(), b.user(), sb, null);
        if (refusal.isPresent()) {
            offerOwnKeys(b, sb, clip.get(), engine.currentClip(sb.id(), n), refusal.get());
            return;
        }
        if (!hasKeys(b, sb, n)) {
            return;
        }
        if (tell(b, () -> engine.retryClip(sb.id(), n, b.user().key(), clip.get().ref()))) {
            ctx.editQuietly(b.message(), Message.text(FilmWording.retrying(n)));
            retrying(b.chat(), sb, n, FilmWording.retrying(n));
        }
    }

    /**
     * Whether retention deleted files this storybook needs for a redo (the scene's photo, the other clips to merge);
     * if so the chat is told, before anything is paid.
     */
    private boolean filesDeleted(ChatRef chat, MessageRef source, Storybook sb, int position) {
        Optional<FilmRepository.FilesDeleted> gone = films.filesDeleted(sb.id());
        gone.ifPresent(g -> ctx.refuse(chat, source, FilmWording.redoFilesDeleted(ctx.syntax(chat), position, g.daysKept())));
        return gone.isPresent();
    }

    /** A new status message for the film being made again: progress edits it from now on. */
    private void retrying(ChatRef chat, Storybook sb, int position, String text) {
        MessageRef status = ctx.say(chat, Message.text(text));
        storybooks.setStatusMessage(sb.id(), status == null ? null : status.messageId());
        progress.showing(sb.id(), FilmWording.retrying(position));
    }

    /** Who can, and a button to do it with one's own keys instead (bound to the attempt that was shown). */
    private void offerOwnKeys(ChatEvent.ButtonPressed b, Storybook sb, ButtonAction.ClipArg clip,
                              Optional<CurrentClip> current, String refusal) {
        String ref = clip.ref() != null ? clip.ref() : current.map(CurrentClip::ref).orElse(null);
        List<List<Button>> mine = List.of(List.of(new ButtonAction(ButtonAction.Verb.RETRY_MINE, sb.id(),
                new ButtonAction.ClipArg(clip.position(), ref).encode()).button(PermissionWording.retryMineLabel(clip.position()))));
        ctx.answerPress(b, refusal, mine);
    }

    /** The presser pays: they need keys for the provider of clip {@code position} (its scene's, else the film's). */
    private boolean hasKeys(ChatEvent.ButtonPressed b, Storybook sb, int position) {
        String provider = scenes.at(sb.id(), position).map(s -> SceneOverride.providerOf(s, sb.provider()))
                .orElse(sb.provider());
        if (vault.providers(b.user().key()).contains(provider)) {
            return true;
        }
        ctx.answerPress(b, FilmWording.cannotMake(List.of(ctx.needKeys(b.chat(), ctx.provider(provider)))));
        return false;
    }

    /** An engine command for a press; a refusal goes to the member who pressed. */
    private boolean tell(ChatEvent.ButtonPressed b, Runnable call) {
        return ctx.engineCall(b.chat(), text -> ctx.answerPress(b, text), call);
    }

    static boolean redoable(Storybook sb) {
        return sb.state() == StorybookState.DONE || sb.state() == StorybookState.PAUSED;
    }
}
