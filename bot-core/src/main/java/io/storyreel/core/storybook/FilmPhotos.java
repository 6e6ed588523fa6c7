package io.storyreel.core.storybook;

import io.storyreel.core.image.AspectFitter;
import io.storyreel.core.provider.FilmShape;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storage.BlobStore;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The photo a clip is made from: the scene's own, or, where the storybook has an aspect ratio and the photo another
 * shape, the photo fitted to it (centre crop or blurred pad, {@link StorybookSettings#fit}), stored as a blob of its
 * own. The estimate and the engine both take photos from here, so what is priced and checked is what is sent, and
 * all before any money is spent. With no aspect chosen ("auto") the photos go as they are and the film takes the
 * first clip's shape, as before aspect ratios.
 */
public final class FilmPhotos {

    /** A photo ready for a clip: its blob and type. */
    public record Photo(String blob, String mime) {
    }

    private final BlobStore blobs;
    private final AspectFitter fitter;
    /** (scene blob, aspect, fit) → fitted blob: fitting is deterministic, so this only saves the work. */
    private final Map<String, String> fitted = new ConcurrentHashMap<>();

    public FilmPhotos(BlobStore blobs, AspectFitter fitter) {
        this.blobs = blobs;
        this.fitter = fitter;
    }

    /**
     * The film's shape, for a model with a ratio parameter of its own: the storybook's aspect ratio when one is chosen
     * (the model must offer it), else the first photo's own shape (the model's nearest is taken); null when neither is
     * known.
     */
    public static FilmShape shape(StorybookSettings settings, List<Scene> scenes) {
        Aspect aspect = settings.aspect();
        if (aspect != null) {
            return new FilmShape(aspect.width(), aspect.height(), true);
        }
        return scenes.stream().min(Comparator.comparingInt(Scene::position))
                .filter(s -> s.width() > 0 && s.height() > 0)
                .map(s -> new FilmShape(s.width(), s.height(), false)).orElse(null);
    }

    /**
     * {@link #shape} for a clip of {@code plan}: only where its model has a ratio parameter of its own
     * ({@link VideoProvider#frameShapes}); null where its clips follow the photo, so their requests (and the
     * fingerprints clips are reused by) stay what they were.
     */
    public static FilmShape shape(VideoProvider provider, ClipPlan plan, List<Scene> scenes) {
        return provider.frameShapes(plan.model(), plan.combination()).isEmpty() ? null : shape(plan.settings(), scenes);
    }

    public Photo of(Scene scene, StorybookSettings settings) {
        Aspect aspect = settings.aspect();
        // a photo already deleted (retention) goes as it is: the caller says it is gone
        if (aspect == null || scene.width() <= 0 || scene.height() <= 0 || !blobs.exists(scene.imageBlob())
                || AspectFitter.fits(scene.width(), scene.height(), aspect.ratio())) {
            return new Photo(scene.imageBlob(), scene.imageMime());
        }
        String key = scene.imageBlob() + "|" + aspect + "|" + settings.fit();
        String blob = fitted.get(key);
        if (blob == null || !blobs.exists(blob)) {
            byte[] photo = blobs.read(scene.imageBlob());
            byte[] out = settings.fit() == StorybookSettings.Fit.PAD ? fitter.pad(photo, aspect.ratio())
                    : fitter.crop(photo, aspect.ratio());
            blob = blobs.put(out);
            fitted.put(key, blob);
        }
        return new Photo(blob, "image/jpeg");
    }
}
