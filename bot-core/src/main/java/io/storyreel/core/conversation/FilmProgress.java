package io.storyreel.core.conversation;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatDeliveryException;
import io.storyreel.core.chat.ChatLanes;
import io.storyreel.core.chat.ChatPort;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.VideoShape;
import io.storyreel.core.generation.CurrentClip;
import io.storyreel.core.generation.DeliveryFailure;
import io.storyreel.core.generation.DeliveryStop;
import io.storyreel.core.generation.EngineReason;
import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.generation.GenerationListener;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.Film;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.Shot;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.metrics.StoryreelMetrics;
import io.storyreel.core.video.FilmThumbnail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;


/**
 * The engine's {@link GenerationListener}: it keeps one status message per film up to date (editing it only when
 * its text changes), offers retry, merge without and cancel when a clip fails, says why a film failed, and sends the
 * finished film (telling the engine just before the upload, and answering whether it arrived), or says why it was
 * not surely delivered and offers what remains ({@link DeliveryChoices}). Calls come from the engine's workers; everything shown in
 * a chat runs on that chat's lane, in order with what the chat's members do.
 */
final class FilmProgress implements GenerationListener {
    private static final Logger log = LoggerFactory.getLogger(FilmProgress.class);
    /** The film's file name when it is sent as a file. */
    static final String FILE_NAME = "storyreel-film.mp4";

    private final ChatContext ctx;
    private final ChatLanes lanes;
    private final StorybookRepository storybooks;
    private final FilmRepository films;
    private final GenerationEngine engine;
    private final StoryreelMetrics metrics;
    /** Last text shown in each film's status message, so unchanged progress costs no edit. */
    private final Map<String, String> shown = new ConcurrentHashMap<>();
    /** Per storybook, the pause messages whose buttons are still live, by clip position. */
    private final Map<String, Map<Integer, Pause>> pauses = new ConcurrentHashMap<>();

    private record Pause(MessageRef ref, String why) {
    }

    FilmProgress(ChatContext ctx, ChatLanes lanes, StorybookRepository storybooks, FilmRepository films,
                 GenerationEngine engine, StoryreelMetrics metrics) {
        this.ctx = ctx;
        this.lanes = lanes;
        this.storybooks = storybooks;
        this.films = films;
        this.engine = engine;
        this.metrics = metrics;
    }

    /** What the film's status message shows now, if it shows progress. */
    String shown(String storybookId) {
        return shown.get(storybookId);
    }

    /** The status message now says {@code text} (a start, a retry), not a progress report. */
    void showing(String storybookId, String text) {
        shown.put(storybookId, text);
    }

    /** The film is no longer in the making: its status message is not progress any more. */
    void forget(String storybookId) {
        shown.remove(storybookId);
        Map<Integer, Pause> open = pauses.remove(storybookId);
        if (open != null) {
            // the film was stopped: its retry / merge without / cancel buttons would only answer "too late"
            open.forEach((position, p) -> ctx.editQuietly(p.ref(),
                    Message.text(FilmWording.pauseCancelled(position, p.why()))));
        }
    }

    /** A pause message was answered (retry, merge without): it says so itself, so a later cancel leaves it be. */
    void pauseAnswered(String storybookId, MessageRef message) {
        Map<Integer, Pause> open = pauses.get(storybookId);
        if (open != null && message != null) {
            open.values().removeIf(p -> p.ref().equals(message));
        }
    }

    @Override
    public void onProgress(Progress progress) {
        storybooks.find(progress.storybookId()).ifPresent(sb ->
                lanes.submit(sb.chat(), () -> guarded("progress", () -> showProgress(sb.id(), progress))));
    }

    private void showProgress(String storybookId, Progress progress) {
        Storybook sb = storybooks.find(storybookId).orElse(null);
        if (sb == null || !sb.state().running()) {
            return; // a late report for a cancelled or delivered film
        }
        String text = ProgressText.render(progress);
        if (text.equals(shown.get(storybookId))) {
            return;
        }
        Message m = Message.text(text).withButtons(List.of(List.of(
                new ButtonAction(ButtonAction.Verb.CANCEL_FILM, storybookId, null).button(FilmWording.cancelLabel()))));
        ChatPort port = ctx.port(sb.chat());
        if (sb.statusMsgId() == null) {
            MessageRef sent = ctx.sayProgress(sb.chat(), m);
            storybooks.setStatusMessage(storybookId, sent.messageId());
        } else if (progress.stage() == Stage.DELIVERING) {
            // the film follows at once: "Uploading…" is shown only if the upload outlasts an edit interval (the chat
            // shows the platform's own "sending video" meanwhile), so the film need not wait its turn behind it
            ctx.editIfItLasts(new MessageRef(sb.chat(), sb.statusMsgId()), m);
        } else {
            ctx.editCalmly(new MessageRef(sb.chat(), sb.statusMsgId()), m);
        }
        shown.put(storybookId, text);
        if (progress.stage() == Stage.DELIVERING) {
            port.showActivity(sb.chat(), ChatPort.Activity.UPLOAD_VIDEO);
        }
    }

    @Override
    public void onPaused(String storybookId, int position, EngineReason reason) {
        storybooks.find(storybookId).ifPresent(sb ->
                lanes.submit(sb.chat(), () -> guarded("pause", () -> showPause(sb, position, reason))));
    }

    /** Why the clip failed, and the three ways on: retry it, merge without it, or cancel the film. */
    private void showPause(Storybook sb, int position, EngineReason reason) {
        // the retry names the attempt that failed: pressed again after it made a new attempt, it is stale
        String failed = engine.currentClip(sb.id(), position).map(CurrentClip::ref).orElse(null);
        List<List<Button>> choices = List.of(
                List.of(new ButtonAction(ButtonAction.Verb.RETRY_CLIP, sb.id(), new ButtonAction.ClipArg(position, failed).encode())
                                .button(FilmWording.retryLabel(position)),
                        new ButtonAction(ButtonAction.Verb.MERGE_WITHOUT, sb.id(), null).button(FilmWording.mergeWithoutLabel())),
                List.of(new ButtonAction(ButtonAction.Verb.CANCEL_FILM, sb.id(), null).button(FilmWording.cancelLabel())));
        String why = ReasonWording.say(ctx.syntax(sb.chat()), reason);
        MessageRef asked = ctx.say(sb.chat(), Message.text(FilmWording.paused(position, why)).withButtons(choices));
        if (asked != null) {
            pauses.computeIfAbsent(sb.id(), k -> new ConcurrentHashMap<>()).put(position, new Pause(asked, why));
        }
    }

    @Override
    public void onFailed(String storybookId, EngineReason reason) {
        storybooks.find(storybookId).ifPresent(sb -> lanes.submit(sb.chat(), () -> guarded("failure", () -> {
            shown.remove(storybookId);
            if (sb.statusMsgId() != null) {
                ctx.editQuietly(new MessageRef(sb.chat(), sb.statusMsgId()), Message.text(FilmWording.failedStatus()));
            }
            ctx.keepScenesInNewStorybook(sb);
            CommandWording cs = ctx.syntax(sb.chat());
            ctx.say(sb.chat(), Message.text(FilmWording.failed(cs, ReasonWording.say(cs, reason))));
        })));
    }

    /**
     * The engine hands the film over and returns at once: the film is sent on the chat's lane, and the engine hears
     * the outcome (sent, failed, refused, too large, or no answer) as its acknowledgement.
     */
    @Override
    public void deliverFilm(String storybookId, String filmId, Path mp4, FilmSummary summary) {
        Storybook sb = storybooks.find(storybookId)
                .orElseThrow(() -> new IllegalStateException("No storybook " + storybookId));
        lanes.submit(sb.chat(), () -> guarded("delivery", () -> sendFilm(sb, filmId, mp4, summary)));
    }

    private void sendFilm(Storybook sb, String filmId, Path mp4, FilmSummary summary) {
        Film film = films.find(filmId).orElse(null);
        if (film == null || film.deliveredAt() != null) {
            return; // handed over again while an earlier hand-over was still queued here, and that one was sent
        }
        ChatPort port = ctx.port(sb.chat());
        VideoProvider p = ctx.provider(summary.provider());
        String providerName = p == null ? summary.provider() : p.capabilities().displayName();
        String parameters = p == null ? "" : ClipPlan.resolve(p, sb.settings()).map(SettingsWording::chosenParameters)
                .orElse("");
        String caption = FilmWording.filmCaption(sb.title(), providerName, summary.model(), parameters, summary.clips(),
                sb.settings(), summary.durationSeconds(), summary.estimatedUsd(), summary.costUsd(), summary.costUnits(),
                summary.unitName(), summary.contributors(), summary.payments(), summary.took());
        // recorded and committed before the first byte goes out: a crash from here on never posts the film twice
        if (!engine.filmSending(filmId)) {
            return;
        }
        MessageRef sent;
        try {
            port.showActivity(sb.chat(), ChatPort.Activity.UPLOAD_VIDEO);
            if (film.sendAs() == Film.SendAs.DOCUMENT) {
                sent = port.sendDocument(sb.chat(), mp4, FILE_NAME, caption, filmButtons(sb, summary.clips(), ctx.shots(sb)));
            } else {
                List<Shot> shots = ctx.shots(sb);
                sent = port.sendVideo(sb.chat(), mp4, caption, FilmMentions.in(sb.chat(), caption,
                        shots.stream().map(Shot::scene).toList(), summary.payments()),
                        filmButtons(sb, summary.clips(), shots), new VideoShape(
                        (int) Math.round(summary.durationSeconds()), summary.width(), summary.height(),
                        FilmThumbnail.of(mp4).orElse(null)));
            }
        } catch (ChatDeliveryException e) {
            log.warn("Film {} not sent to {} ({}): {}", filmId, sb.chat().key(), e.kind(), e.getMessage());
            engine.deliveryFailed(filmId, DeliveryFailure.valueOf(e.kind().name()), e.getMessage());
            return;
        } catch (RuntimeException e) {
            // the upload may have reached the platform: only a member may have it sent again
            log.warn("Film {}: sending to {} ended without an answer: {}", filmId, sb.chat().key(), e.toString());
            engine.deliveryFailed(filmId, DeliveryFailure.NO_ANSWER, e.toString());
            return;
        }
        engine.filmDelivered(filmId);
        ctx.filmSent(sb.chat(), sent);
        metrics.delivered(sb.chat().platform(), mp4.toFile().length());
        shown.remove(sb.id());
        Storybook now = storybooks.find(sb.id()).orElse(sb);
        if (now.statusMsgId() != null) {
            ctx.editQuietly(new MessageRef(sb.chat(), now.statusMsgId()), Message.text(FilmWording.delivered()));
        }
    }

    /**
     * The engine stopped trying to deliver the film: the status message gets its last words (no more "Uploading…"
     * and no Cancel button), and a new message says why and offers what remains.
     */
    @Override
    public void onDeliveryStopped(String storybookId, String filmId, DeliveryStop stop) {
        storybooks.find(storybookId).ifPresent(sb -> lanes.submit(sb.chat(), () -> guarded("delivery stop", () -> {
            shown.remove(storybookId);
            if (sb.statusMsgId() != null) {
                ctx.editQuietly(new MessageRef(sb.chat(), sb.statusMsgId()), Message.text(DeliveryWording.statusEnd(stop)));
            }
            if (stop.why() != DeliveryStop.Why.MAY_HAVE_ARRIVED) {
                ctx.keepScenesInNewStorybook(sb);
            }
            ctx.say(sb.chat(), Message.text(DeliveryWording.stopped(sb.chat().platform(), stop))
                    .withButtons(DeliveryChoices.buttons(filmId, stop)));
        })));
    }

    /** Under a film: redo any clip, or make the whole film again. */
    static List<List<Button>> filmButtons(Storybook sb, int clips, List<Shot> shots) {
        List<Button> redo = new ArrayList<>();
        for (int i = 1; i <= clips; i++) {
            int n = i;
            String what = shots.stream().filter(s -> s.position() == n).findFirst().map(Shot::label)
                    .orElse(Shot.label(n, 0));
            redo.add(new ButtonAction(ButtonAction.Verb.REDO_ASK, sb.id(), String.valueOf(i)).button(FilmWording.redoLabel(what)));
        }
        List<List<Button>> rows = new ArrayList<>();
        // three per row keeps the labels readable on phones
        for (int i = 0; i < redo.size(); i += 3) {
            rows.add(redo.subList(i, Math.min(redo.size(), i + 3)));
        }
        rows.add(List.of(new ButtonAction(ButtonAction.Verb.REGENERATE, sb.id(), null).button(FilmWording.regenerateLabel())));
        return rows;
    }

    private static void guarded(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("Showing {} failed", what, e);
        }
    }
}
