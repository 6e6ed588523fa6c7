package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.generation.EngineReason;
import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.generation.GenerationLimits;
import io.storyreel.core.keys.KeyVault;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.image.AspectFitter;
import io.storyreel.core.image.BoundedImageDecoder;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storybook.FilmPhotos;
import io.storyreel.core.storage.StorageHealth;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.Shot;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.storyreel.core.conversation.ChatContext.groupReply;
import static io.storyreel.core.conversation.ChatContext.intArg;
import static io.storyreel.core.conversation.ChatContext.number;

/**
 * Ordering a film: {@code make} checks everything it can before money is spent (the payer's keys and limits in a
 * private chat) and shows the estimate, leaving out clips the chat already has; Confirm starts the engine with the
 * payer who pressed it; decline, status and regenerate. What may be done to a film in the making is
 * {@link FilmSteering}'s. The engine owns the film from the start on: these commands ask it, and say what it answered.
 */
final class FilmOrders {

    private final ChatContext ctx;
    private final FilmProgress progress;
    private final GenerationEngine engine;
    private final KeyVault vault;
    private final StorybookRepository storybooks;
    private final SceneRepository scenes;
    private final FilmRepository films;
    private final BlobStore blobs;
    private final FilmPhotos photos;
    private final FilmPermissions permissions;
    private final StorageHealth diskSpace;

    FilmOrders(ChatContext ctx, FilmProgress progress, GenerationEngine engine, KeyVault vault, FilmPermissions permissions,
               StorybookRepository storybooks, SceneRepository scenes, FilmRepository films, BlobStore blobs,
               StorageHealth diskSpace) {
        this.ctx = ctx;
        this.progress = progress;
        this.engine = engine;
        this.vault = vault;
        this.storybooks = storybooks;
        this.scenes = scenes;
        this.films = films;
        this.blobs = blobs;
        this.photos = new FilmPhotos(blobs, new AspectFitter(BoundedImageDecoder.shared()));
        this.permissions = permissions;
        this.diskSpace = diskSpace;
    }

    /**
     * What /make found: the plan, each scene's estimate (in scene order), the positions whose clips the chat already
     * has from a cancelled or failed film (reused, nothing to pay), what is left to pay, or why it cannot go ahead.
     */
    private record MakeCheck(VideoProvider provider, ClipPlan plan, List<CostEstimate> perClip, List<String> labels,
                             Set<Integer> made, CostEstimate toPay, List<String> reasons) {
        int clipsToPay() {
            return perClip.size() - made.size();
        }
    }

    private MakeCheck check(Storybook sb, UserRef user, boolean payerKnown) {
        List<String> reasons = new ArrayList<>();
        List<Scene> all = scenes.list(sb.id());
        if (all.isEmpty()) {
            return new MakeCheck(null, null, List.of(), List.of(), Set.of(), null, List.of(FilmWording.nothingToMake(ctx.syntax(sb.chat()))));
        }
        VideoProvider provider = ctx.providerFor(sb, user);
        if (provider == null) {
            reasons.add(SettingsWording.unknownProvider(String.valueOf(sb.provider()), ctx.providerIds()));
            return new MakeCheck(null, null, List.of(), List.of(), Set.of(), null, reasons);
        }
        Capabilities caps = provider.capabilities();
        List<Shot> shots = Shot.plan(sb.settings(), all);
        // a held last photo makes no clip, so its caption is no prompt
        List<Integer> missing = shots.stream().map(Shot::scene).filter(s -> !s.hasPrompt()).map(Scene::position).toList();
        if (!missing.isEmpty()) {
            reasons.add(FilmWording.missingPrompts(ctx.syntax(sb.chat()), missing));
        }
        if (payerKnown && !vault.providers(user.key()).contains(provider.id())) {
            reasons.add(ctx.needKeys(sb.chat(), provider));
        }
        Optional<ClipPlan> plan = ClipPlan.resolve(provider, sb.settings());
        if (plan.isEmpty()) {
            reasons.add(SettingsWording.planProblem(ctx.syntax(sb.chat()), ClipPlan.problem(provider, sb.settings())));
            return new MakeCheck(provider, null, List.of(), List.of(), Set.of(), null, reasons);
        }
        if (shots.stream().anyMatch(Shot::bridge) && !plan.get().takesEndFrame()) {
            // nothing is sent that the provider would refuse: say which models can, before any money is spent
            reasons.add(FilmWording.noEndFrame(ctx.syntax(sb.chat()), plan.get(), EndFrameModels.of(caps),
                    EndFrameModels.otherProviders(ctx, provider.id())));
            return new MakeCheck(provider, plan.get(), List.of(), List.of(), Set.of(), null, reasons);
        }
        List<CostEstimate> perClip = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Shot shot : shots) {
            Scene s = shot.scene();
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
                FilmPhotos.Photo first = photos.of(s, sb.settings());
                FilmPhotos.Photo last = shot.end() == null ? null : photos.of(shot.end(), sb.settings());
                var request = provider.prepare(plan.get().request(s.prompt(), readBlob(first.blob()), first.mime(),
                        last == null ? null : readBlob(last.blob()), last == null ? null : last.mime()));
                perClip.add(provider.estimate(request));
                labels.add(shot.label());
            } catch (ProviderException e) {
                reasons.add(FilmWording.sceneProblem(s.position(), ProviderWording.refusal(ctx.syntax(sb.chat()), e)));
            }
        }
        Set<Integer> made = perClip.isEmpty() ? Set.of() : engine.alreadyMade(sb.id(), provider.id());
        CostEstimate toPay = perClip.isEmpty() ? null : new CostEstimate(0, perClip.get(0).unitName(), 0);
        for (int i = 0; i < perClip.size(); i++) {
            if (!made.contains(i + 1)) {
                toPay = toPay.plus(perClip.get(i));
            }
        }
        MakeCheck check = new MakeCheck(provider, plan.get(), perClip, labels, made, toPay, reasons);
        if (payerKnown && reasons.isEmpty()) {
            // the same limits the engine holds the payer to when the film starts
            GenerationLimits.Admission a = engine.admits(user.key(),
                    GenerationLimits.Order.film(sb.id(), check.clipsToPay(), toPay.usd()));
            if (!a.allowed()) {
                reasons.add(ReasonWording.say(ctx.syntax(sb.chat()), a.reason()));
            }
        }
        return check;
    }

    /** {@code make}: check everything that can be checked before money is spent, then show the estimate to confirm. */
    void make(ChatRef chat, UserRef user, MessageRef source) {
        Optional<Storybook> open = storybooks.findOpen(chat);
        if (open.isEmpty() || scenes.count(open.get().id()) == 0) {
            ctx.refuse(chat, source, FilmWording.nothingToMake(ctx.syntax(chat)));
            return;
        }
        Storybook sb = open.get();
        if (sb.state().running()) {
            ctx.refuse(chat, source, FilmWording.statusState(ctx.syntax(chat), sb.state()));
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
        if (sb.state() == StorybookState.CONFIRMING) {
            ctx.retireEstimate(sb, FilmWording.estimateReplaced());
        }
        storybooks.awaitConfirmation(sb.id(), user.key()); // nobody pays yet: whoever confirms becomes the payer
        String name = check.provider().capabilities().displayName();
        // in a group the payer is whoever confirms: the forecast counts nothing ahead on an account not known yet
        var eta = engine.forecast(chat.isPrivate() ? user.key() : null, check.provider().id(),
                check.plan().model().id(), check.clipsToPay());
        String estimate = FilmWording.estimate(name, check.plan(), check.perClip(), check.labels(), check.made(),
                check.toPay(), !chat.isPrivate(), eta);
        MessageRef shown = ctx.say(chat, Message.text(estimate)
                .withButtons(List.of(List.of(
                        new ButtonAction(ButtonAction.Verb.CONFIRM, sb.id(), null).button(FilmWording.confirmLabel(check.toPay())),
                        new ButtonAction(ButtonAction.Verb.DECLINE, sb.id(), null).button(FilmWording.cancelLabel()))))
                .replyingTo(groupReply(chat, source)));
        // until Confirm the estimate is the storybook's status message, so it can be retired when it is superseded
        storybooks.setStatusMessage(sb.id(), shown == null ? null : shown.messageId());
    }

    /**
     * Confirm under an estimate: whoever presses it pays (their keys and limits are checked now); the film starts with
     * the chat's upload limit. The first confirmation claims the estimate in one conditional update, so a second press
     * (another member, or a double tap that reached another chat process) is stale and nothing starts twice.
     */
    void confirm(ChatEvent.ButtonPressed b, Storybook sb) {
        if (sb.state() != StorybookState.CONFIRMING || sb.payerKey() != null) {
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
        MessageRef status = ctx.sayProgress(b.chat(), Message.text(FilmWording.starting()).withButtons(List.of(List.of(
                new ButtonAction(ButtonAction.Verb.CANCEL_FILM, sb.id(), null).button(FilmWording.cancelLabel()))))
                .replyingTo(b.source()));
        storybooks.setStatusMessage(sb.id(), status == null ? null : status.messageId());
        progress.showing(sb.id(), FilmWording.starting());
        // the chat's upload limit is recorded with the film, so the merge fits it without asking the chat again
        long uploadLimit = ctx.port(b.chat()).uploadLimitBytes(b.chat());
        if (!ctx.engineCall(b.chat(), text -> ctx.answerPress(b, text), () -> engine.start(sb.id(), uploadLimit))) {
            storybooks.unconfirm(sb.id());
            progress.forget(sb.id());
            ctx.editQuietly(status, Message.text(FilmWording.startFailed(ctx.syntax(b.chat()))));
            return;
        }
        ctx.retireFilmButtons(b.chat());
    }

    private String storageFull(ChatRef chat) {
        return ReasonWording.say(ctx.syntax(chat), EngineReason.of(EngineReason.Kind.STORAGE_FULL));
    }

    /** Not now, under an estimate (the member who asked for it, or an admin); or "keep it" under a redo offer. */
    void decline(ChatEvent.ButtonPressed b, Storybook sb, ButtonAction a) {
        if ("keep".equals(a.arg())) {
            ctx.editQuietly(b.message(), Message.text(FilmWording.keepLabel() + " ✔"));
            return;
        }
        Optional<String> refusal = sb.state() == StorybookState.CONFIRMING
                ? permissions.refusal(FilmPermissions.Action.DECLINE, b.chat(), b.user(), sb, null) : Optional.empty();
        if (refusal.isPresent()) {
            ctx.answerPress(b, refusal.get());
        } else if (sb.state() == StorybookState.CONFIRMING && storybooks.backToCollecting(sb.id())) {
            ctx.editQuietly(b.message(), Message.text(FilmWording.declined(ctx.syntax(b.chat()))));
        } else {
            ctx.answerPress(b, Wording.staleButton());
        }
    }

    /** {@code status}: what the storybook is waiting for, or the film's progress as last shown. */
    void status(ChatEvent.Command c) {
        Optional<Storybook> open = storybooks.findOpen(c.chat());
        if (open.isEmpty()) {
            ctx.reply(c, FilmWording.noStorybook(ctx.syntax(c.chat())));
            return;
        }
        Storybook sb = open.get();
        if (sb.state() == StorybookState.COLLECTING) {
            List<Scene> all = scenes.list(sb.id());
            VideoProvider p = ctx.providerFor(sb, c.user());
            ctx.reply(c, FilmWording.statusCollecting(ctx.syntax(c.chat()), all.size(), ctx.limits().maxScenes(),
                    (int) all.stream().filter(s -> !s.hasPrompt()).count(),
                    p == null ? null : p.capabilities().displayName()));
            return;
        }
        String shown = progress.shown(sb.id());
        ctx.reply(c, shown != null && sb.state().running() && sb.state() != StorybookState.PAUSED ? shown
                : FilmWording.statusState(ctx.syntax(c.chat()), sb.state()));
    }

    /** Regenerate under a film (anyone): the same scenes in a new storybook, and its estimate; whoever confirms pays. */
    void regenerate(ChatEvent.ButtonPressed b, Storybook sb) {
        Optional<Storybook> open = storybooks.findOpen(b.chat());
        if (open.isPresent() && scenes.count(open.get().id()) > 0) {
            ctx.answerPress(b, FilmWording.regenerateBusy(ctx.syntax(b.chat())));
            return;
        }
        open.ifPresent(empty -> storybooks.setAside(empty.id()));
        Storybook fresh = storybooks.create(b.chat(), sb.title(), b.user().key(), sb.provider(), sb.settings());
        // the film's own buttons stay until the regenerated film starts: until then its clips may still be redone
        scenes.copyAll(sb.id(), fresh.id());
        make(b.chat(), b.user(), null);
    }

    private byte[] readBlob(String id) {
        return blobs.exists(id) ? blobs.read(id) : null;
    }
}
