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
import io.storyreel.core.storybook.SceneOverride;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.storybook.Shot;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
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
     * What /make found: the storybook's provider and plan, each clip priced on its own provider and model (in scene
     * order), the positions whose clips the chat already has from a cancelled or failed film (reused, nothing to
     * pay), what is left to pay, or why it cannot go ahead.
     */
    private record MakeCheck(VideoProvider provider, ClipPlan plan, List<FilmWording.PricedClip> clips,
                             Set<Integer> made, CostEstimate toPay, List<String> reasons) {
        int clipsToPay() {
            return clips.size() - made.size();
        }
    }

    private MakeCheck check(Storybook sb, UserRef user, boolean payerKnown) {
        Set<String> reasons = new LinkedHashSet<>(); // a problem of the storybook's own plan is said once, not per scene
        List<Scene> all = scenes.list(sb.id());
        if (all.isEmpty()) {
            return new MakeCheck(null, null, List.of(), Set.of(), null, List.of(FilmWording.nothingToMake(ctx.syntax(sb.chat()))));
        }
        VideoProvider provider = ctx.providerFor(sb, user);
        if (provider == null) {
            reasons.add(SettingsWording.unknownProvider(String.valueOf(sb.provider()), ctx.providerIds()));
            return new MakeCheck(null, null, List.of(), Set.of(), null, List.copyOf(reasons));
        }
        // the storybook's provider as the estimate will store it (a scene without its own provider uses it)
        String bookProvider = provider.id();
        List<Shot> shots = Shot.plan(sb.settings(), all);
        // a held last photo makes no clip, so its caption is no prompt
        List<Integer> missing = shots.stream().map(Shot::scene).filter(s -> !s.hasPrompt()).map(Scene::position).toList();
        if (!missing.isEmpty()) {
            reasons.add(FilmWording.missingPrompts(ctx.syntax(sb.chat()), missing));
        }
        if (payerKnown) {
            missingKeys(sb, user, shots, bookProvider).ifPresent(reasons::add);
        }
        Optional<ClipPlan> bookPlan = ClipPlan.resolve(provider, sb.settings());
        List<FilmWording.PricedClip> clips = new ArrayList<>();
        for (Shot shot : shots) {
            Scene s = shot.scene();
            VideoProvider p = ctx.provider(SceneOverride.providerOf(s, bookProvider));
            if (p == null) {
                reasons.add(FilmWording.sceneProblem(s.position(), SettingsWording.unknownProvider(s.provider(), ctx.providerIds())));
                continue;
            }
            StorybookSettings settings = SceneOverride.settings(s, bookProvider, p, sb.settings());
            Optional<ClipPlan> plan = ClipPlan.resolve(p, settings);
            if (plan.isEmpty()) {
                String why = SettingsWording.planProblem(ctx.syntax(sb.chat()), ClipPlan.problem(p, settings));
                reasons.add(s.overridden() ? FilmWording.sceneProblem(s.position(), why) : why);
                continue;
            }
            if (shot.bridge() && !plan.get().takesEndFrame()) {
                // nothing is sent that the provider would refuse: say which models can, before any money is spent
                String why = FilmWording.noEndFrame(ctx.syntax(sb.chat()), plan.get(), EndFrameModels.of(p.capabilities()),
                        EndFrameModels.otherProviders(ctx, p.id()));
                reasons.add(s.overridden() ? FilmWording.sceneProblem(s.position(), why) : why);
                continue;
            }
            Optional<String> shapeProblem = FilmShapeCheck.problem(ctx.syntax(sb.chat()), p, plan.get());
            if (shapeProblem.isPresent()) {
                // nothing is sent that the provider would refuse (or make in another shape than the film's)
                reasons.add(s.overridden() ? FilmWording.sceneProblem(s.position(), shapeProblem.get()) : shapeProblem.get());
                continue;
            }
            if (!s.hasPrompt()) {
                continue;
            }
            Capabilities caps = p.capabilities();
            String full = sb.settings().promptFor(s.prompt());
            if (full.length() > caps.maxPromptChars()) {
                reasons.add(FilmWording.sceneProblem(s.position(), Wording.promptTooLongForCommand(full.length(),
                        caps.displayName(), caps.maxPromptChars())));
                continue;
            }
            try {
                FilmPhotos.Photo first = photos.of(s, sb.settings());
                FilmPhotos.Photo last = shot.end() == null ? null : photos.of(shot.end(), sb.settings());
                var request = p.prepare(plan.get().request(s.prompt(), readBlob(first.blob()), first.mime(),
                        last == null ? null : readBlob(last.blob()), last == null ? null : last.mime())
                        .withShape(FilmPhotos.shape(p, plan.get(), all)));
                clips.add(new FilmWording.PricedClip(shot.label(), caps.displayName(), plan.get(), p.estimate(request)));
            } catch (ProviderException e) {
                reasons.add(FilmWording.sceneProblem(s.position(), ProviderWording.refusal(ctx.syntax(sb.chat()), e)));
            }
        }
        ClipPlan headline = bookPlan.orElse(clips.isEmpty() ? null : clips.get(0).plan());
        if (!reasons.isEmpty() || headline == null) {
            return new MakeCheck(provider, headline, clips, Set.of(), null, List.copyOf(reasons));
        }
        Set<Integer> made = engine.alreadyMade(sb.id(), bookProvider);
        CostEstimate toPay = FilmWording.toPay(clips, made);
        MakeCheck check = new MakeCheck(provider, headline, clips, made, toPay, List.copyOf(reasons));
        if (payerKnown) {
            // the same limits the engine holds the payer to when the film starts
            GenerationLimits.Admission a = engine.admits(user.key(),
                    GenerationLimits.Order.film(sb.id(), check.clipsToPay(), toPay.usd()));
            if (!a.allowed()) {
                return new MakeCheck(provider, headline, clips, made, toPay,
                        List.of(ReasonWording.say(ctx.syntax(sb.chat()), a.reason())));
            }
        }
        return check;
    }

    /**
     * Whoever pays needs keys for every provider the film uses: which ones this member lacks, named in one sentence
     * with how to add them; empty when they have them all.
     */
    private Optional<String> missingKeys(Storybook sb, UserRef user, List<Shot> shots, String bookProvider) {
        java.util.Collection<String> theirs = vault.providers(user.key());
        Set<String> used = new LinkedHashSet<>();
        shots.forEach(shot -> used.add(SceneOverride.providerOf(shot.scene(), bookProvider)));
        List<VideoProvider> lacking = used.stream().filter(id -> !theirs.contains(id)).map(ctx::provider)
                .filter(java.util.Objects::nonNull).toList();
        if (lacking.isEmpty()) {
            return Optional.empty();
        }
        if (used.size() == 1) {
            return Optional.of(ctx.needKeys(sb.chat(), lacking.get(0)));
        }
        return Optional.of(ctx.needKeys(sb.chat(), lacking));
    }

    /**
     * What {@code make} would ask for now, found by the same check but changing nothing and offering no Confirm: the
     * sum to pay and the clips it pays for (null when nothing can be priced yet), and why the film cannot be made as it
     * stands. The page shows it beside the settings, so each change shows its price; the payer's keys are not asked.
     */
    SettingsSheet.Quote quote(Storybook sb, UserRef user) {
        MakeCheck c = check(sb, user, false);
        return new SettingsSheet.Quote(c.toPay(), c.toPay() == null ? 0 : c.clipsToPay(), c.made().size(), c.reasons());
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
        var eta = forecast(chat.isPrivate() ? user.key() : null, check);
        String estimate = FilmWording.estimate(name, check.plan(), check.clips(), check.made(), check.toPay(),
                !chat.isPrivate(), eta);
        // sent at the chat's pace without holding a thread: other chats' Confirms need the lanes meanwhile
        ctx.sayThen(chat, Message.text(estimate)
                .withButtons(List.of(List.of(
                        new ButtonAction(ButtonAction.Verb.CONFIRM, sb.id(), null).button(FilmWording.confirmLabel(check.toPay())),
                        new ButtonAction(ButtonAction.Verb.DECLINE, sb.id(), null).button(FilmWording.cancelLabel()))))
                .replyingTo(groupReply(chat, source)),
                // until Confirm the estimate is the storybook's status message, so it can be retired when superseded
                shown -> storybooks.setStatusMessage(sb.id(), shown == null ? null : shown.messageId()));
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
        // the film starts before any message goes to the chat: each call into a chat waits its turn (about a second
        // apart on Telegram), and none of them need hold the film up (bench scale: Confirm → start)
        long uploadLimit = ctx.port(b.chat()).uploadLimitBytes(b.chat());
        boolean started = ctx.engineCall(b.chat(), text -> ctx.answerPress(b, text), () -> engine.start(sb.id(), uploadLimit));
        if (!started) {
            storybooks.unconfirm(sb.id());
            ctx.say(b.chat(), Message.text(FilmWording.startFailed(ctx.syntax(b.chat()))).replyingTo(b.source()));
            return;
        }
        progress.showing(sb.id(), FilmWording.starting());
        // the status message follows at the chat's pace; the chat's next work (the film's first progress among it)
        // waits on its lane until its id is recorded, with no thread waiting meanwhile
        ctx.sayProgressThen(b.chat(), Message.text(FilmWording.starting()).withButtons(List.of(List.of(
                new ButtonAction(ButtonAction.Verb.CANCEL_FILM, sb.id(), null).button(FilmWording.cancelLabel()))))
                .replyingTo(b.source()), status -> storybooks.setStatusMessage(sb.id(), status == null ? null : status.messageId()));
        if (b.message() != null) {
            ctx.editQuietly(b.message(), Message.text(FilmWording.confirmed(b.user().displayName())));
        }
        ctx.retireFilmButtons(b.chat());
    }

    /**
     * When the film is likely ready: each provider and model's clips run on their own account's slots, side by side,
     * so the film waits for the slowest of them.
     */
    private Optional<java.time.Duration> forecast(String payerKey, MakeCheck check) {
        Map<List<String>, Integer> groups = new LinkedHashMap<>();
        for (int i = 0; i < check.clips().size(); i++) {
            if (!check.made().contains(i + 1)) {
                FilmWording.PricedClip k = check.clips().get(i);
                groups.merge(List.of(k.plan().provider(), k.plan().model().id()), 1, Integer::sum);
            }
        }
        Optional<java.time.Duration> slowest = Optional.empty();
        for (Map.Entry<List<String>, Integer> g : groups.entrySet()) {
            Optional<java.time.Duration> t = engine.forecast(payerKey, g.getKey().get(0), g.getKey().get(1), g.getValue());
            if (t.isPresent() && (slowest.isEmpty() || t.get().compareTo(slowest.get()) > 0)) {
                slowest = t;
            }
        }
        return slowest;
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
