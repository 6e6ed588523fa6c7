package io.storyreel.core.conversation;

import io.storyreel.core.provider.ImageConstraints;
import io.storyreel.core.storybook.Scene;

import java.util.List;
import java.util.Optional;

/**
 * How a photo of {@code width}×{@code height} fares with a provider's image rules, worked out from its size alone the
 * way the provider's image preparation will treat it at {@code /make}: read no larger than the provider's longest
 * side, padded with black bars into its aspect range, then refused if a side is still below its minimum (it is never
 * upscaled: that would only blur it). A file over the byte limit is shrunk without loss of a side, so it is no
 * problem here.
 */
record PhotoFit(int width, int height, Verdict verdict, int paddedWidth, int paddedHeight) {

    enum Verdict { FITS, PADDED, TOO_SMALL }

    static PhotoFit of(int width, int height, ImageConstraints rules) {
        double scale = Math.min(1.0, (double) rules.maxLongSide() / Math.max(width, height));
        int w = Math.max(1, (int) Math.round(width * scale));
        int h = Math.max(1, (int) Math.round(height * scale));
        double aspect = (double) w / h;
        int pw = w;
        int ph = h;
        if (aspect > rules.maxAspect()) {
            ph = (int) Math.ceil(w / rules.maxAspect());
        } else if (aspect < rules.minAspect()) {
            pw = (int) Math.ceil(h * rules.minAspect());
        }
        Verdict v = Math.min(pw, ph) < rules.minEachSide() ? Verdict.TOO_SMALL
                : pw != w || ph != h ? Verdict.PADDED : Verdict.FITS;
        return new PhotoFit(width, height, v, pw, ph);
    }

    static PhotoFit of(Scene scene, ImageConstraints rules) {
        return of(scene.width(), scene.height(), rules);
    }

    /** The sentence the chat reads about this photo as scene {@code position}, if it needs one. */
    Optional<String> note(int position, String provider, ImageConstraints rules, CommandWording cs) {
        return switch (verdict) {
            case FITS -> Optional.empty();
            case PADDED -> Optional.of(FilmWording.photoPadded(position, provider, width, height, paddedWidth,
                    paddedHeight));
            case TOO_SMALL -> Optional.of(FilmWording.photoTooSmall(cs, position, provider, rules.minEachSide(),
                    width, height));
        };
    }

    /** The positions of {@code scenes} whose photos {@code rules} would refuse. */
    static List<Integer> tooSmall(List<Scene> scenes, ImageConstraints rules) {
        return scenes.stream().filter(s -> s.width() > 0 && s.height() > 0)
                .filter(s -> of(s, rules).verdict() == Verdict.TOO_SMALL).map(Scene::position).toList();
    }
}
