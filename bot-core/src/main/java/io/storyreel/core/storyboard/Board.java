package io.storyreel.core.storyboard;

import java.util.List;

/**
 * What the page shows of a chat's storybook: its scenes as cards, the clips of the film being made (one line each),
 * the latest film, and the chat's {@code earlier} films still kept (newest first). {@code editable}: scenes may
 * change (no film is being made from them).
 */
public record Board(String storybookId, String title, String state, boolean editable, int maxScenes, List<Card> cards,
                    List<ClipLine> clips, FilmLine film, String provider, Long secondsLeft, List<FilmLine> earlier,
                    List<io.storyreel.core.conversation.SettingsSheet.Option> sceneChoices) {
    public Board {
        cards = List.copyOf(cards);
        clips = List.copyOf(clips);
        earlier = List.copyOf(earlier);
        sceneChoices = List.copyOf(sceneChoices);
    }

    /**
     * One scene: its place, photo (by scene id), prompt (null until given), who added it, and its clip once one is
     * made and kept ({@code clipId}, null until then), which the page plays beside the photo.
     */
    public record Card(int position, String sceneId, String prompt, String contributor, String clipId,
                       String provider, String model) {
        /** What the scene's choice is, as the page's choices value it ("P M"); empty: the storybook's. */
        public String choice() {
            return provider == null ? "" : provider + (model == null ? "" : " " + model);
        }
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

    /** A film of the chat: {@code seconds} long, {@code bytes} in size, of {@code clips} clips, made at {@code madeAt}. */
    public record FilmLine(String id, double seconds, long bytes, String provider, int clips, long madeAt) {
        /** When it was made, for people: "2026-12-03 17:40 UTC". */
        public String made() {
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                    .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(madeAt));
        }
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
