package io.storyreel.web;

import io.javalin.http.sse.SseClient;
import io.storyreel.core.storyboard.Board;
import io.storyreel.core.storyboard.Storyboard;
import io.storyreel.core.storyboard.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Live pages: each open page holds one Server-Sent Events stream, and whenever its chat's board changes (a clip moved
 * on, a member added a photo in the chat, the film arrived) the page is sent the board drawn afresh. The board is read
 * from the database, so changes made by any process, in the chat or on a page, reach every page. The settings form
 * (with its prices and the music) is sent afresh when core says the chat's storybook changed
 * ({@link Storyboard#onChange}): a {@code /settings duration 10} typed in the chat shows on every open page at once.
 */
final class BoardEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BoardEvents.class);

    private final Storyboard storyboard;
    private final BiFunction<Viewer, Board, String> draw;
    private final BiFunction<Viewer, Board, String> drawFilm;
    private final Function<Viewer, String> drawSettings;
    private final Runnable unlisten;
    private final Map<SseClient, Watch> watching = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    private static final class Watch {
        final Viewer viewer;
        final String tab;
        volatile String last;
        volatile String lastFilm;
        /** The settings form as last sent to (or drawn on) this page; null: as the page was loaded. */
        volatile String lastSettings;

        Watch(Viewer viewer, String tab, Board shown) {
            this.viewer = viewer;
            this.tab = tab;
            this.last = shown.fingerprint();
            this.lastFilm = shown.filmFingerprint();
        }
    }

    /**
     * @param draw         the board's cards and clips; {@code drawFilm} the film's player, sent only when the film changes
     * @param drawSettings the settings form as the viewer sees it, sent when core says the storybook changed
     */
    BoardEvents(Storyboard storyboard, BiFunction<Viewer, Board, String> draw, BiFunction<Viewer, Board, String> drawFilm,
                Function<Viewer, String> drawSettings, long everyMillis) {
        this.storyboard = storyboard;
        this.draw = draw;
        this.drawFilm = drawFilm;
        this.drawSettings = drawSettings;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storyboard-events");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        // told on the chat's lane: drawn a moment later on our own thread, after the page that made the change (if one
        // did) was answered and marked with what it was shown
        this.unlisten = storyboard.onChange(chat -> timer.schedule(() -> changed(chat.key()), CHANGE_DELAY_MILLIS,
                TimeUnit.MILLISECONDS));
    }

    private static final long CHANGE_DELAY_MILLIS = 200;

    /**
     * Keeps {@code client} open and sends it the board whenever it changes from what the page was drawn with.
     * {@code tab} names the page (one per load), so the answer to its own change is not drawn twice.
     */
    void watch(SseClient client, Viewer viewer, String tab) {
        Board now = storyboard.board(viewer);
        watching.put(client, new Watch(viewer, tab, now));
        client.onClose(() -> watching.remove(client));
        client.sendComment("watching");
        client.keepAlive();
    }

    /**
     * The page {@code tab} was just sent this board with the answer to its own change: no need to draw it there again
     * (a second swap would only replace what the viewer is about to touch). The viewer's other pages still get it.
     */
    void shown(Viewer viewer, String tab, Board board, String settings) {
        if (tab == null || tab.isBlank()) {
            return;
        }
        String f = board.fingerprint();
        watching.values().stream().filter(w -> w.viewer.equals(viewer) && tab.equals(w.tab)).forEach(w -> {
            w.last = f;
            w.lastSettings = settings;
        });
    }

    private void tick() {
        send(w -> true, false);
    }

    /** Core says the storybook of the chat {@code chatKey} changed: its pages get the board and the settings now. */
    private void changed(String chatKey) {
        send(w -> w.viewer.chat().key().equals(chatKey), true);
    }

    private void send(java.util.function.Predicate<Watch> which, boolean settingsToo) {
        Map<String, Board> boards = new java.util.HashMap<>();
        for (var e : watching.entrySet()) {
            SseClient client = e.getKey();
            Watch w = e.getValue();
            if (!which.test(w)) {
                continue;
            }
            try {
                if (client.terminated()) {
                    watching.remove(client);
                    continue;
                }
                Board b = boards.computeIfAbsent(w.viewer.user().key() + "@" + w.viewer.chat().key(),
                        k -> storyboard.board(w.viewer));
                String f = b.fingerprint();
                if (!f.equals(w.last)) {
                    w.last = f;
                    client.sendEvent("board", draw.apply(w.viewer, b).replace('\n', ' '));
                }
                if (!b.filmFingerprint().equals(w.lastFilm)) {
                    w.lastFilm = b.filmFingerprint();
                    client.sendEvent("film", drawFilm.apply(w.viewer, b).replace('\n', ' '));
                }
                if (settingsToo) {
                    String form = drawSettings.apply(w.viewer);
                    if (!form.equals(w.lastSettings)) {
                        w.lastSettings = form;
                        client.sendEvent("settings", form.replace('\n', ' '));
                    }
                }
            } catch (RuntimeException ex) {
                log.debug("A storyboard stream failed: {}", ex.toString());
                watching.remove(client);
            }
        }
    }

    int open() {
        return watching.size();
    }

    @Override
    public void close() {
        unlisten.run();
        timer.shutdownNow();
        watching.keySet().forEach(SseClient::close);
        watching.clear();
    }
}
