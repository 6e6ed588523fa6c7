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

/**
 * Live pages: each open page holds one Server-Sent Events stream, and whenever its chat's board changes (a clip moved
 * on, a member added a photo in the chat, the film arrived) the page is sent the board drawn afresh. The board is read
 * from the database, so changes made by any process, in the chat or on a page, reach every page.
 */
final class BoardEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BoardEvents.class);

    private final Storyboard storyboard;
    private final BiFunction<Viewer, Board, String> draw;
    private final BiFunction<Viewer, Board, String> drawFilm;
    private final Map<SseClient, Watch> watching = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    private static final class Watch {
        final Viewer viewer;
        final String tab;
        volatile String last;
        volatile String lastFilm;

        Watch(Viewer viewer, String tab, Board shown) {
            this.viewer = viewer;
            this.tab = tab;
            this.last = shown.fingerprint();
            this.lastFilm = shown.filmFingerprint();
        }
    }

    /** @param draw the board's cards and clips; {@code drawFilm} the film's player, sent only when the film changes */
    BoardEvents(Storyboard storyboard, BiFunction<Viewer, Board, String> draw, BiFunction<Viewer, Board, String> drawFilm,
                long everyMillis) {
        this.storyboard = storyboard;
        this.draw = draw;
        this.drawFilm = drawFilm;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storyboard-events");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

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
    void shown(Viewer viewer, String tab, Board board) {
        if (tab == null || tab.isBlank()) {
            return;
        }
        String f = board.fingerprint();
        watching.values().stream().filter(w -> w.viewer.equals(viewer) && tab.equals(w.tab)).forEach(w -> w.last = f);
    }

    private void tick() {
        Map<String, Board> boards = new java.util.HashMap<>();
        for (var e : watching.entrySet()) {
            SseClient client = e.getKey();
            Watch w = e.getValue();
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
        timer.shutdownNow();
        watching.keySet().forEach(SseClient::close);
        watching.clear();
    }
}
