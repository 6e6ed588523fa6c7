package io.storyreel.core.storyboard;

import java.util.List;

/**
 * What the page shows of a chat's storybook: its scenes as cards, the clips of the film being made (one line each),
 * and the latest film. {@code editable}: scenes may change (no film is being made from them).
 */
public record Board(String storybookId, String title, String state, boolean editable, int maxScenes, List<Card> cards,
                    List<ClipLine> clips, FilmLine film, String provider, Long secondsLeft) {
    public Board {
        cards = List.copyOf(cards);
        clips = List.copyOf(clips);
    }

    /** One scene: its place, photo (by scene id), prompt (null until given) and who added it. */
    public record Card(int position, String sceneId, String prompt, String contributor) {
    }

    /**
     * One clip of the film being made: its scene's place, state (PENDING … DOWNLOADED), percent (-1 unknown) and,
     * while it waits for a slot of its account or in the provider's own queue, its place there (1 = next; 0 when not
     * waiting or not told).
     */
    public record ClipLine(int position, String state, int percent, int queuePosition) {
        public boolean done() {
            return "DOWNLOADED".equals(state);
        }
    }

    /** The chat's newest film: {@code seconds} long, {@code bytes} in size. */
    public record FilmLine(String id, double seconds, long bytes, String provider) {
    }

    /** Changes whenever the cards or clips the page shows change: the board is then drawn afresh. */
    public String fingerprint() {
        return storybookId + "|" + state + "|" + cards + "|" + clips + "|" + secondsLeft;
    }

    /** Changes only when another film arrives, so a film being watched is not replaced under the viewer. */
    public String filmFingerprint() {
        return film == null ? "" : film.id();
    }
}
