package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.generation.EngineReason;
import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.generation.GenerationRefusedException;
import io.storyreel.core.keys.KeyVault;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.StorageHealth;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.storyreel.core.conversation.ChatContext.groupReply;
import static io.storyreel.core.conversation.ChatContext.intArg;
import static io.storyreel.core.conversation.ChatContext.number;
import static io.storyreel.core.conversation.ChatContext.syntax;

/**
 * Ordering a film and what follows: {@code make} checks everything it can before money is spent and shows the
 * estimate; Confirm starts the engine with the payer who pressed it; cancel, status, redo and regenerate.
 * The engine owns the film from the start on: these commands ask it, and say what it answered.
 */
final class FilmOrders {
    private static final Logger log = LoggerFactory.getLogger(FilmOrders.class);

    private final ChatContext ctx;
    private final FilmProgress progress;
    private final GenerationEngine engine;
    private final KeyVault vault;
    private final StorybookRepository storybooks;
    private final SceneRepository scenes;
    private final FilmRepository films;
    private final BlobStore blobs;
    private final Clock clock;
    private final StorageHealth diskSpace;

    FilmOrders(ChatContext ctx, FilmProgress progress, GenerationEngine engine, KeyVault vault,
               StorybookRepository storybooks, SceneRepository scenes, FilmRepository films, BlobStore blobs, Clock clock,
               StorageHealth diskSpace) {
        this.ctx = ctx;
        this.progress = progress;
        this.engine = engine;
        this.vault = vault;
        this.storybooks = storybooks;
        this.scenes = scenes;
        this.films = films;
        this.blobs = blobs;
        this.clock = clock;
        this.diskSpace = diskSpace;
    }

    /** What /make found: the plan and estimates, or the reasons it cannot go ahead. */
    private record MakeCheck(VideoProvider provider, ClipPlan plan, List<CostEstimate> perClip, CostEstimate total,
                             List<String> reasons) {
    }

    private MakeCheck check(Storybook sb, UserRef user, boolean payerKnown) {
        List<String> reasons = new ArrayList<>();
        List<Scene> all = scenes.list(sb.id());
        if (all.isEmpty()) {
            return new MakeCheck(null, null, List.of(), null, List.of(FilmWording.nothingToMake(syntax(sb.chat()))));
        }
        VideoProvider provider = ctx.providerFor(sb, user);
        if (provider == null) {
            reasons.add(SettingsWording.unknownProvider(String.valueOf(sb.provider()), ctx.providerIds()));
            return new MakeCheck(null, null, List.of(), null, reasons);
        }
        Capabilities caps = provider.capabilities();
        List<Integer> missing = all.stream().filter(s -> !s.hasPrompt()).map(Scene::position).toList();
        if (!missing.isEmpty()) {
            reasons.add(FilmWording.missingPrompts(syntax(sb.chat()), missing));
        }
        if (payerKnown) {
            if (!vault.providers(user.key()).contains(provider.id())) {
                reasons.add(ctx.needKeys(sb.chat(), provider));
            }
            if (storybooks.countRunningPaidBy(user.key()) >= ctx.limits().runningFilmsPerUser()) {
                reasons.add(FilmWording.tooManyRunning(ctx.limits().runningFilmsPerUser()));
            }
            long dayAgo = clock.millis() - Duration.ofDays(1).toMillis();
            if (storybooks.countConfirmedBySince(user.key(), dayAgo) >= ctx.limits().dailyFilmsPerUser()) {
                reasons.add(FilmWording.dailyLimit(ctx.limits().dailyFilmsPerUser()));
            }
        }
        Optional<ClipPlan> plan = ClipPlan.resolve(provider, sb.settings());
        if (plan.isEmpty()) {
            reasons.add(SettingsWording.planProblem(syntax(sb.chat()), ClipPlan.problem(provider, sb.settings())));
            return new MakeCheck(provider, null, List.of(), null, reasons);
        }
        List<CostEstimate> perClip = new ArrayList<>();
        for (Scene s : all) {
            if (!s.hasPrompt()) {
                continue;
            }
            String full = sb.settings().promptFor(s.prompt());
            if (full.length() > caps.maxPromptChars()) {
                reasons.add(FilmWording.sceneProblem(s.position(), Wording.promptTooLongForCommand(full.length(),
                        caps.displayName(), caps.maxPromptChars())));
                continue;
            }
            try {
                var request = provider.prepare(plan.get().request(s.prompt(), readBlob(s.imageBlob()), s.imageMime()));
                perClip.add(provider.estimate(request));
            } catch (ProviderException e) {
                reasons.add(FilmWording.sceneProblem(s.position(), e.getMessage()));
            }
        }
        CostEstimate total = perClip.stream().reduce(CostEstimate::plus).orElse(null);
        return new MakeCheck(provider, plan.get(), perClip, total, reasons);
    }

    /** {@code make}: check everything that can be checked before money is spent, then show the estimate to confirm. */
    void make(ChatRef chat, UserRef user, MessageRef source) {
        Optional<Storybook> open = storybooks.findOpen(chat);
        if (open.isEmpty() || scenes.count(open.get().id()) == 0) {
            ctx.refuse(chat, source, FilmWording.nothingToMake(syntax(chat)));
            return;
        }
        Storybook sb = open.get();
        if (sb.state().running()) {
            ctx.refuse(chat, source, FilmWording.statusState(syntax(chat), sb.state()));
            return;
        }
        // nobody can fix a full disk by changing the storybook: said alone, before any estimate (nothing is prepared)
        if (diskSpace.refusal().isPresent()) {
            ctx.reply(chat, source, storageFull(chat));
            return;
        }
        // in a group whoever confirms pays, so the maker's own keys and limits are checked at confirmation
        MakeCheck check = check(sb, user, chat.isPrivate());
        if (!check.reasons().isEmpty()) {
            ctx.refuse(chat, source, FilmWording.cannotMake(check.reasons()));
            return;
        }
        if (sb.provider() == null) {
            storybooks.setProvider(sb.id(), check.provider().id());
        }
        storybooks.awaitConfirmation(sb.id());
        storybooks.setPayer(sb.id(), null); // whoever confirms this estimate becomes the payer
        String name = check.provider().capabilities().displayName();
        String estimate = FilmWording.estimate(name, check.plan(), check.perClip(), check.total(), !chat.isPrivate());
        ctx.say(chat, Message.text(estimate)
                .withButtons(List.of(List.of(
                        new ButtonAction(ButtonAction.Verb.CONFIRM, sb.id(), null).button(FilmWording.confirmLabel(check.total())),
                        new ButtonAction(ButtonAction.Verb.DECLINE, sb.id(), null).button(FilmWording.cancelLabel()))))
                .replyingTo(groupReply(chat, source)));
    }

    /** Confirm under an estimate: whoever presses it pays; the film starts with the chat's upload limit. */
    void confirm(ChatEvent.ButtonPressed b, Storybook sb) {
        if (sb.state() != StorybookState.CONFIRMING) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        if (diskSpace.refusal().isPresent()) {
            ctx.answerPress(b, storageFull(b.chat())); // the estimate stays: Confirm works again once there is room
            return;
        }
        MakeCheck check = check(sb, b.user(), true);
        if (!check.reasons().isEmpty()) {
            ctx.answerPress(b, FilmWording.cannotMake(check.reasons()));
            return;
        }
        if (!storybooks.confirm(sb.id(), b.user().key())) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        if (b.message() != null) {
            ctx.editQuietly(b.message(), Message.text(FilmWording.confirmed(b.user().displayName())));
        }
        MessageRef status = ctx.say(b.chat(), Message.text(FilmWording.starting()).withButtons(List.of(List.of(
                new ButtonAction(ButtonAction.Verb.CANCEL_FILM, sb.id(), null).button(FilmWording.cancelLabel()))))
                .replyingTo(b.source()));
        storybooks.setStatusMessage(sb.id(), status == null ? null : status.messageId());
        progress.showing(sb.id(), FilmWording.starting());
        // the chat's upload limit is recorded with the film, so the merge fits it without asking the chat again
        long uploadLimit = ctx.port(b.chat()).uploadLimitBytes(b.chat());
        if (!engineCall(b.chat(), () -> engine.start(sb.id(), uploadLimit))) {
            storybooks.backToCollecting(sb.id());
            storybooks.setPayer(sb.id(), null);
            progress.forget(sb.id());
            ctx.editQuietly(status, Message.text(FilmWording.startFailed(syntax(b.chat()))));
        }
    }

    private static String storageFull(ChatRef chat) {
        return ReasonWording.say(syntax(chat), EngineReason.of(EngineReason.Kind.STORAGE_FULL));
    }

    /**
     * Runs an engine command; when the engine refuses (e.g. a limit, or a state that moved on: its reason is worded
     * for this chat) or fails, the chat is told and false is returned. Nothing was paid in either case.
     */
    private boolean engineCall(ChatRef chat, Runnable call) {
        try {
            call.run();
            return true;
        } catch (RuntimeException e) {
            if (e instanceof GenerationRefusedException refused) {
                log.info("Engine refused in {}: {}", chat.key(), refused.reason());
                ctx.say(chat, Message.text(ReasonWording.say(syntax(chat), refused.reason())));
            } else {
                log.error("Engine call failed in {}", chat.key(), e);
                ctx.say(chat, Message.text(Wording.somethingWentWrong()));
            }
            return false;
        }
    }

    /** Not now, under an estimate; or "keep it" under a redo offer. */
    void decline(ChatEvent.ButtonPressed b, Storybook sb, ButtonAction a) {
        if ("keep".equals(a.arg())) {
            ctx.editQuietly(b.message(), Message.text(FilmWording.keepLabel() + " ✔"));
        } else if (sb.state() == StorybookState.CONFIRMING && storybooks.backToCollecting(sb.id())) {
            ctx.editQuietly(b.message(), Message.text(FilmWording.declined(syntax(b.chat()))));
        } else {
            ctx.answerPress(b, Wording.staleButton());
        }
    }

    /** Retry under a pause: the engine makes the failed clip again. */
    void retryClip(ChatEvent.ButtonPressed b, Storybook sb, ButtonAction a) {
        Optional<Integer> n = number(a.arg());
        if (sb.state() != StorybookState.PAUSED || n.isEmpty()) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        if (engineCall(b.chat(), () -> engine.retryClip(sb.id(), n.get()))) {
            ctx.editQuietly(b.message(), Message.text(FilmWording.retrying(n.get())));
        }
    }

    /** Merge without under a pause: the film is made of the clips that worked. */
    void mergeWithout(ChatEvent.ButtonPressed b, Storybook sb) {
        if (sb.state() != StorybookState.PAUSED) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        if (engineCall(b.chat(), () -> engine.mergeWithout(sb.id()))) {
            ctx.editQuietly(b.message(), Message.text(FilmWording.mergingWithout()));
        }
    }

    /** {@code cancel}: an estimate waiting for confirmation is withdrawn; a film being made is stopped. */
    void cancel(ChatRef chat, MessageRef source) {
        Optional<Storybook> open = storybooks.findOpen(chat);
        if (open.isEmpty() || open.get().state() == StorybookState.COLLECTING) {
            ctx.refuse(chat, source, FilmWording.noFilmRunning());
            return;
        }
        Storybook sb = open.get();
        if (sb.state() == StorybookState.CONFIRMING) {
            storybooks.backToCollecting(sb.id());
            ctx.reply(chat, source, FilmWording.cancelledConfirming());
            return;
        }
        stopFilm(chat, sb, source);
    }

    /** Cancel under a film in the making. */
    void cancelPressed(ChatEvent.ButtonPressed b, Storybook sb) {
        if (!sb.state().running()) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        stopFilm(b.chat(), sb, null);
    }

    private void stopFilm(ChatRef chat, Storybook sb, MessageRef source) {
        GenerationEngine.CancelResult[] result = new GenerationEngine.CancelResult[1];
        if (!engineCall(chat, () -> result[0] = engine.cancel(sb.id()))) {
            return;
        }
        ctx.keepScenesInNewStorybook(sb);
        progress.forget(sb.id());
        GenerationEngine.CancelResult r = result[0];
        ctx.reply(chat, source, FilmWording.cancelledRunning(syntax(chat), r.paidPositions(), r.unpaidPositions(), r.paidUsd()));
    }

    /** {@code status}: what the storybook is waiting for, or the film's progress as last shown. */
    void status(ChatEvent.Command c) {
        Optional<Storybook> open = storybooks.findOpen(c.chat());
        if (open.isEmpty()) {
            ctx.reply(c, FilmWording.noStorybook(syntax(c.chat())));
            return;
        }
        Storybook sb = open.get();
        if (sb.state() == StorybookState.COLLECTING) {
            List<Scene> all = scenes.list(sb.id());
            VideoProvider p = ctx.providerFor(sb, c.user());
            ctx.reply(c, FilmWording.statusCollecting(syntax(c.chat()), all.size(), ctx.limits().maxScenes(),
                    (int) all.stream().filter(s -> !s.hasPrompt()).count(),
                    p == null ? null : p.capabilities().displayName()));
            return;
        }
        String shown = progress.shown(sb.id());
        ctx.reply(c, shown != null && sb.state().running() && sb.state() != StorybookState.PAUSED ? shown
                : FilmWording.statusState(syntax(c.chat()), sb.state()));
    }

    /** {@code redo N}: offer to make clip N of the last film again, with its price. */
    void redo(ChatEvent.Command c) {
        Optional<Integer> n = intArg(c.args(), 0);
        if (n.isEmpty()) {
            ctx.refuse(c, Wording.notANumber(syntax(c.chat()).redo("N")));
            return;
        }
        Optional<Storybook> latest = storybooks.findLatest(c.chat());
        if (latest.isEmpty() || !redoable(latest.get())) {
            ctx.refuse(c, FilmWording.nothingToRedo());
            return;
        }
        askRedo(c.chat(), c.user(), latest.get(), n.get(), c.source());
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
        VideoProvider p = ctx.provider(sb.provider());
        Optional<ClipPlan> plan = p == null ? Optional.empty() : ClipPlan.resolve(p, sb.settings());
        if (plan.isEmpty()) {
            ctx.refuse(chat, source, FilmWording.nothingToRedo());
            return;
        }
        CostEstimate cost = p.estimate(plan.get().request(scene.get().prompt(), null, scene.get().imageMime()));
        ctx.say(chat, Message.text(FilmWording.redoAsk(position, p.capabilities().displayName(), cost))
                .withButtons(List.of(List.of(
                        new ButtonAction(ButtonAction.Verb.REDO_CONFIRM, sb.id(), String.valueOf(position))
                                .button(FilmWording.redoLabel(position)),
                        new ButtonAction(ButtonAction.Verb.DECLINE, sb.id(), "keep").button(FilmWording.keepLabel()))))
                .replyingTo(groupReply(chat, source)));
    }

    /** Redo under a film (or a pause): ask first, with the price. */
    void redoAsked(ChatEvent.ButtonPressed b, Storybook sb, ButtonAction a) {
        Optional<Integer> n = number(a.arg());
        if (!redoable(sb) || n.isEmpty()) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        askRedo(b.chat(), b.user(), sb, n.get(), null);
    }

    /**
     * Whether retention deleted files this storybook needs for a redo (the scene's photo, the other clips to merge);
     * if so the chat is told, before anything is paid.
     */
    private boolean filesDeleted(ChatRef chat, MessageRef source, Storybook sb, int position) {
        Optional<FilmRepository.FilesDeleted> gone = films.filesDeleted(sb.id());
        gone.ifPresent(g -> ctx.refuse(chat, source, FilmWording.redoFilesDeleted(syntax(chat), position, g.daysKept())));
        return gone.isPresent();
    }

    private static boolean redoable(Storybook sb) {
        return sb.state() == StorybookState.DONE || sb.state() == StorybookState.PAUSED;
    }

    /** The redo is confirmed: the member who asked pays for it, as with a new film. */
    void redoConfirmed(ChatEvent.ButtonPressed b, Storybook sb, ButtonAction a) {
        Optional<Integer> n = number(a.arg());
        if (!redoable(sb) || n.isEmpty()) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        if (filesDeleted(b.chat(), b.source(), sb, n.get())) {
            return;
        }
        // the member who asks for the redo pays for it, as with /make
        if (!vault.providers(b.user().key()).contains(sb.provider())) {
            ctx.answerPress(b, FilmWording.cannotMake(List.of(ctx.needKeys(b.chat(), ctx.provider(sb.provider())))));
            return;
        }
        String previousPayer = sb.payerKey();
        storybooks.setPayer(sb.id(), b.user().key());
        if (!engineCall(b.chat(), () -> engine.retryClip(sb.id(), n.get()))) {
            storybooks.setPayer(sb.id(), previousPayer);
            return;
        }
        ctx.editQuietly(b.message(), Message.text(FilmWording.retrying(n.get())));
        MessageRef status = ctx.say(b.chat(), Message.text(FilmWording.retrying(n.get())));
        storybooks.setStatusMessage(sb.id(), status == null ? null : status.messageId());
        progress.showing(sb.id(), FilmWording.retrying(n.get()));
    }

    /** Regenerate under a film: the same scenes in a new storybook, and its estimate. */
    void regenerate(ChatEvent.ButtonPressed b, Storybook sb) {
        Optional<Storybook> open = storybooks.findOpen(b.chat());
        if (open.isPresent() && scenes.count(open.get().id()) > 0) {
            ctx.answerPress(b, FilmWording.regenerateBusy(syntax(b.chat())));
            return;
        }
        open.ifPresent(empty -> storybooks.setAside(empty.id()));
        Storybook fresh = storybooks.create(b.chat(), sb.title(), b.user().key(), sb.provider(), sb.settings());
        scenes.copyAll(sb.id(), fresh.id());
        make(b.chat(), b.user(), null);
    }

    private byte[] readBlob(String id) {
        return blobs.exists(id) ? blobs.read(id) : null;
    }
}
