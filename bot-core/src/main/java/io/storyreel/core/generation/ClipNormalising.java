package io.storyreel.core.generation;

import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.video.BurnedText;
import io.storyreel.core.video.Canvas;
import io.storyreel.core.video.MergeResult;
import io.storyreel.core.video.Merger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The clip step's last part: a clip just downloaded is normalised onto its film's canvas ({@link FilmCanvas}), its
 * caption (and on the film's first clip the title card) burned in, and stored as a blob of its own beside the
 * original, so the film's merge is a copy however the clips differ and whatever text they carry. It runs on the
 * clip's own task, while the film's other clips are still being made; a redo normalises the new clip alone. The blob
 * is recorded under a key naming the canvas and the text ({@link BurnedText#keyOn}): at the merge, a clip whose
 * caption or title changed since, or whose canvas did, is normalised again then, alone. A clip that cannot be
 * normalised (a merger that does not, a file the normaliser refuses) is kept as it came: its film is then merged as
 * before, from the original clips with the text burned at the merge, where a damaged clip is reported as it always was.
 * <p>
 * A clip that already sits on the canvas, in a film whose clips all come from one model in one way at the film's
 * shape ({@link FilmCanvas#oneLook}), is not encoded at all: its own file is recorded as its normalised one, and the
 * film is a copy of the clips as the provider made them (one encoder, one set of H.264 parameters). Encoding it would
 * only spend a second or more of CPU per clip and a generation of quality. Should such a film's clips still differ
 * (a provider that changed its encoder between two clips), the merger finds it and encodes them together.
 */
final class ClipNormalising {
    private static final Logger LOG = LoggerFactory.getLogger(ClipNormalising.class);

    /** The normalised blob and the canvas (and text) it fits; both null when the clip was not normalised. */
    record Result(String blob, String canvas) {
        static final Result NONE = new Result(null, null);
    }

    /**
     * What the film is merged from: the files, and the captions and title the merge itself must still burn in (none
     * when the files are the normalised ones, which carry their text). Closing it removes the files normalised at the
     * merge.
     */
    record Inputs(List<Path> files, List<String> captions, String title, List<Path> temporary) implements AutoCloseable {
        @Override
        public void close() {
            temporary.forEach(BlobStore::deleteTemp);
        }
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
        // read once for the canvas, the clip's text and the film's look (fresh: a redo or a scene's provider changes it)
        List<Scene> scenes = store.scenes(b.id());
        Optional<Canvas> c = canvas.of(b, scenes);
        if (c.isEmpty()) {
            return Result.NONE;
        }
        List<Clip> clips = store.currentClips(b.id());
        boolean first = clips.stream().mapToInt(Clip::position).min().orElse(k.position()) == k.position();
        FilmText filmText = FilmText.of(b);
        BurnedText text = textOf(filmText, k, first, byId(scenes));
        // a film that burns text encodes every clip (the text goes into the picture): none is kept as it came
        if (!filmText.burnsAny() && canvas.oneLook(b, clips, scenes) && merger.fitsAsItIs(blobs.path(blob), c.get())) {
            // the film's other clips come from the same model at the same size: all merge by copy as they came
            LOG.info("Storybook {} clip {}: fits {} as it came; kept, not encoded", b.id(), k.position(), c.get().key());
            return new Result(blob, c.get().key());
        }
        Path out = blobs.tempFile(".mp4");
        try {
            long started = System.nanoTime();
            MergeResult r = merger.normalise(blobs.path(blob), c.get(), text, out);
            String normalised = blobs.putFile(r.output() != null ? r.output() : out);
            LOG.info("Storybook {} clip {}: normalised to {} ({}) in {} ms", b.id(), k.position(), text.keyOn(c.get()),
                    r.path(), (System.nanoTime() - started) / 1_000_000);
            return new Result(normalised, text.keyOn(c.get()));
        } catch (UnsupportedOperationException e) {
            return Result.NONE;
        } catch (RuntimeException e) {
            LOG.warn("Storybook {} clip {}: not normalised ({}); tried again at the merge, which otherwise takes the clips"
                    + " as they came", b.id(), k.position(), e.getMessage());
            return Result.NONE;
        } finally {
            BlobStore.deleteTemp(out);
        }
    }

    /** The text burned into clip {@code k}: its scene's prompt when captions are on, the title on the first clip. */
    private static BurnedText textOf(FilmText t, Clip k, boolean first, Map<String, Scene> scenes) {
        return t.onClip(Optional.ofNullable(scenes.get(k.sceneId())).map(Scene::prompt).orElse(null), first);
    }

    private static Map<String, Scene> byId(List<Scene> scenes) {
        Map<String, Scene> byId = new HashMap<>();
        scenes.forEach(s -> byId.put(s.id(), s));
        return byId;
    }


    /**
     * A normalised file the clip could not record (its film was cancelled meanwhile): removed unless named (a clip
     * kept as it came names it as its own file).
     */
    void discard(Result r) {
        if (r.blob() != null) {
            blobs.delete(r.blob(), store::clipNames);
        }
    }

    /**
     * The files the film is merged from ({@code clips} in order, the first one titled): every clip normalised onto
     * the film's canvas with its current text, so the merge is a copy. A clip whose normalised file is missing or was
     * made for another canvas or text (a caption edited since, a film in flight during an upgrade) is normalised now,
     * alone, into a temporary file. When that fails too (a merger that does not normalise, a file it refuses), or the
     * film has no canvas, the clips as they came, with the captions and title for the merger to burn.
     */
    Inputs filesFor(Storybook b, List<Clip> clips) {
        List<Scene> sceneList = store.scenes(b.id());
        Map<String, Scene> scenes = byId(sceneList);
        FilmText filmText = FilmText.of(b);
        List<String> captions = new ArrayList<>();
        for (Clip x : clips) {
            captions.add(Optional.ofNullable(textOf(filmText, x, false, scenes).caption()).orElse(""));
        }
        Inputs asTheyCame = new Inputs(clips.stream().map(x -> blobs.path(x.blob())).toList(),
                filmText.captions() ? captions : List.of(), filmText.title(), List.of());
        Optional<Canvas> c = canvas.of(b, sceneList);
        if (c.isEmpty()) {
            return asTheyCame;
        }
        List<Path> normalised = new ArrayList<>();
        List<Path> temporary = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            Clip x = clips.get(i);
            BurnedText text = textOf(filmText, x, i == 0, scenes);
            String key = text.keyOn(c.get());
            Optional<GenerationStore.Normalised> had = store.normalised(x.id());
            Optional<GenerationStore.Normalised> n = had.filter(v -> v.canvas().equals(key) && blobs.exists(v.blob()));
            if (n.isPresent()) {
                normalised.add(blobs.path(n.get().blob()));
                continue;
            }
            Path now = blobs.tempFile(".mp4");
            temporary.add(now);
            MergeResult r;
            try {
                r = merger.normalise(blobs.path(x.blob()), c.get(), text, now);
            } catch (RuntimeException e) {
                LOG.info("Storybook {}: clip {} has no file normalised to {} ({}); merging the clips as they came",
                        b.id(), x.position(), key, e.getMessage());
                new Inputs(List.of(), List.of(), null, temporary).close();
                return asTheyCame;
            }
            normalised.add(kept(b, x, had.map(GenerationStore.Normalised::blob), key, r.output() != null ? r.output() : now,
                    temporary));
        }
        return new Inputs(normalised, List.of(), null, temporary);
    }

    /**
     * A clip normalised at the merge goes into the blob store and onto the clip, so the next merge of it (a redo of
     * another clip, say) copies it rather than normalising it again; the file it replaces goes unless another clip
     * names it. When the clip's file changed meanwhile, the normalised file stays a temporary one of this merge.
     */
    private Path kept(Storybook b, Clip x, Optional<String> replaced, String key, Path file, List<Path> temporary) {
        String stored;
        try {
            stored = blobs.putFile(file);
        } catch (RuntimeException e) {
            LOG.info("Storybook {}: clip {} normalised again to {} for the merge, not stored ({})", b.id(), x.position(),
                    key, e.getMessage());
            return file;
        }
        if (!store.renormalised(x.id(), x.blob(), stored, key, System.currentTimeMillis())) {
            // nothing names it: back to a temporary file of this merge (removed with it), out of the store
            Path back = blobs.tempFile(".mp4");
            temporary.add(back);
            try {
                java.nio.file.Files.copy(blobs.path(stored), back, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            blobs.delete(stored, store::clipNames);
            return back;
        }
        LOG.info("Storybook {}: clip {} normalised again to {} for the merge (its text or canvas changed), and kept",
                b.id(), x.position(), key);
        replaced.filter(old -> !old.equals(stored)).ifPresent(old -> blobs.delete(old, store::clipNames));
        return blobs.path(stored);
    }
}
