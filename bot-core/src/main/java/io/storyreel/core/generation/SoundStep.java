package io.storyreel.core.generation;

import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storybook.FilmSound;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.video.MergeOptions;
import io.storyreel.core.video.Merger;
import io.storyreel.core.video.MusicMixer;
import io.storyreel.core.video.SoundPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The film's own sound, made after the clips are merged: the storybook's music mixed under the film (ducked under the
 * clips' sound by the storybook's own level) and the clips' sound kept or dropped ({@link MusicMixer}). A film whose new sound track takes it over the chat's limit is fitted
 * again by the merger, so the music never costs the film its delivery.
 */
final class SoundStep {
    private static final Logger LOG = LoggerFactory.getLogger(SoundStep.class);

    private final BlobStore blobs;
    private final Merger merger;
    private final MusicMixer mixer;

    SoundStep(BlobStore blobs, Merger merger, MusicMixer mixer) {
        this.blobs = blobs;
        this.merger = merger;
        this.mixer = mixer;
    }

    /** What the settings ask of the film's sound; the music is that of the storybook while its blob exists. */
    SoundPlan plan(StorybookSettings st) {
        FilmSound s = st.sound();
        Path music = st.musicBlob() != null && blobs.exists(st.musicBlob()) ? blobs.path(st.musicBlob()) : null;
        return new SoundPlan(s.clipSound(), music, st.musicVolume(), s.fadeSeconds(), !s.musicOnce(), -s.duckDb());
    }

    /**
     * The merged film with its sound made as the settings ask: {@code film} itself when nothing is to change, else
     * a new file next to it (deleted by the caller with {@code film}'s folder of temp files).
     */
    Path apply(String bookId, StorybookSettings st, Path film, long limit) throws IOException {
        SoundPlan plan = plan(st);
        if (plan.leavesFilmAsIs()) {
            return film;
        }
        Path mixed = sibling(film, "sound");
        long bytes = mixer.mix(film, plan, mixed);
        LOG.info("Storybook {}: film sound made (clip sound {}, music {}), {} bytes", bookId,
                plan.clipSound() ? "on" : "off", plan.music() == null ? "none" : "on", bytes);
        if (limit <= 0 || bytes <= limit) {
            return mixed;
        }
        Path fitted = sibling(film, "fit");
        merger.merge(List.of(mixed), MergeOptions.defaults().withByteLimit(limit), fitted);
        Files.deleteIfExists(mixed);
        return fitted;
    }

    private static Path sibling(Path film, String what) {
        String name = film.getFileName().toString();
        return film.resolveSibling(name.replaceFirst("\\.mp4$", "") + "." + what + ".mp4");
    }
}
