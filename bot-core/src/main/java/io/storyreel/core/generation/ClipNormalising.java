package io.storyreel.core.generation;

import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.video.Canvas;
import io.storyreel.core.video.MergeResult;
import io.storyreel.core.video.Merger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The clip step's last part: a clip just downloaded is normalised onto its film's canvas ({@link FilmCanvas}) and
 * stored as a blob of its own beside the original, so the film's merge is a copy however the clips differ. It runs on
 * the clip's own task, while the film's other clips are still being made; a redo normalises the new clip alone. A
 * clip that cannot be normalised (a merger that does not, a file the normaliser refuses) is kept as it came: its
 * film is then merged as before, from the original clips, where a damaged clip is reported as it always was.
 */
final class ClipNormalising {
    private static final Logger LOG = LoggerFactory.getLogger(ClipNormalising.class);

    /** The normalised blob and the canvas it fits; both null when the clip was not normalised. */
    record Result(String blob, String canvas) {
        static final Result NONE = new Result(null, null);
    }

    private final FilmCanvas canvas;
    private final Merger merger;
    private final BlobStore blobs;
    private final GenerationStore store;

    ClipNormalising(FilmCanvas canvas, Merger merger, BlobStore blobs, GenerationStore store) {
        this.canvas = canvas;
        this.merger = merger;
        this.blobs = blobs;
        this.store = store;
    }

    Result normalise(Storybook b, Clip k, String blob) {
        Optional<Canvas> c = canvas.of(b);
        if (c.isEmpty()) {
            return Result.NONE;
        }
        Path out = blobs.tempFile(".mp4");
        try {
            long started = System.nanoTime();
            MergeResult r = merger.normalise(blobs.path(blob), c.get(), out);
            String normalised = blobs.putFile(r.output() != null ? r.output() : out);
            LOG.info("Storybook {} clip {}: normalised to {} ({}) in {} ms", b.id(), k.position(), c.get().key(),
                    r.path(), (System.nanoTime() - started) / 1_000_000);
            return new Result(normalised, c.get().key());
        } catch (UnsupportedOperationException e) {
            return Result.NONE;
        } catch (RuntimeException e) {
            LOG.warn("Storybook {} clip {}: not normalised ({}); the film will be merged from the clips as they came",
                    b.id(), k.position(), e.getMessage());
            return Result.NONE;
        } finally {
            try {
                Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // a stray temp file in the blob folder's tmp does no harm
            }
        }
    }

    /** A normalised file the clip could not record (its film was cancelled meanwhile): removed unless named. */
    void discard(Result r) {
        if (r.blob() != null) {
            blobs.delete(r.blob(), store::clipNames);
        }
    }

    /**
     * The files the film is merged from: every clip normalised onto the film's canvas as it landed (the merge is then
     * a copy), or, when any clip lacks its normalised file for this canvas (a film in flight during an upgrade, a clip
     * the normaliser refused, a canvas changed since), the clips as they came, normalised together by the merger.
     */
    List<Path> filesFor(Storybook b, List<Clip> clips) {
        List<Path> asTheyCame = clips.stream().map(x -> blobs.path(x.blob())).toList();
        Optional<String> key = canvas.of(b).map(Canvas::key);
        if (key.isEmpty()) {
            return asTheyCame;
        }
        List<Path> normalised = new ArrayList<>();
        for (Clip x : clips) {
            Optional<GenerationStore.Normalised> n = store.normalised(x.id())
                    .filter(v -> v.canvas().equals(key.get()) && blobs.exists(v.blob()));
            if (n.isEmpty()) {
                LOG.info("Storybook {}: clip {} has no file normalised to {}; merging the clips as they came", b.id(),
                        x.position(), key.get());
                return asTheyCame;
            }
            normalised.add(blobs.path(n.get().blob()));
        }
        return normalised;
    }
}
