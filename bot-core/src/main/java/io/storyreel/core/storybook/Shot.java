package io.storyreel.core.storybook;

import java.util.ArrayList;
import java.util.List;

/**
 * One clip of a film as the storybook's film mode plans it: it starts on {@code scene}'s photo and, for a bridge,
 * ends on {@code end}'s photo (null: a clip of its own). Its position is its first scene's, so clip rows, redo numbers
 * and progress lines keep counting by photo.
 */
public record Shot(Scene scene, Scene end) {

    public int position() {
        return scene.position();
    }

    public boolean bridge() {
        return end != null;
    }

    /** "clip 2" or "bridge 2 → 3". */
    public String label() {
        return label(position(), end == null ? 0 : end.position());
    }

    /** "clip 2", or "bridge 2 → 3" when {@code endPosition} is a photo (not 0). */
    public static String label(int position, int endPosition) {
        return endPosition > 0 ? "bridge " + position + " → " + endPosition : "clip " + position;
    }

    /**
     * The clips of a film of {@code scenes} (in order) under {@code settings}: one per photo in clips mode; in bridges
     * mode one from each photo to the next, then the last photo's own clip unless it is held (a film of one photo
     * has just that photo's clip).
     */
    public static List<Shot> plan(StorybookSettings settings, List<Scene> scenes) {
        List<Shot> out = new ArrayList<>();
        boolean bridges = settings.bridges() && scenes.size() > 1;
        for (int i = 0; i < scenes.size(); i++) {
            boolean last = i == scenes.size() - 1;
            if (!bridges || !last) {
                out.add(new Shot(scenes.get(i), bridges ? scenes.get(i + 1) : null));
            } else if (settings.lastPhoto() == StorybookSettings.LastPhoto.CLIP) {
                out.add(new Shot(scenes.get(i), null));
            }
        }
        return out;
    }

    /** The photo a clip at {@code position} ends on in a film of {@code scenes} under {@code settings}, or 0. */
    public static int endOf(StorybookSettings settings, List<Scene> scenes, int position) {
        return plan(settings, scenes).stream().filter(s -> s.position() == position && s.bridge())
                .mapToInt(s -> s.end().position()).findFirst().orElse(0);
    }
}
