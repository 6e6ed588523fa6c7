package io.storyreel.core.video;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brings one clip onto a film's {@link Canvas} as soon as it lands, so the film's merge is a copy: its picture scaled
 * and padded to the canvas at the canvas's frame rate, encoded the way the normalise path encodes (libx264 veryfast,
 * CRF 23, High, yuv420p), and its sound cut or padded to the picture as AAC at 48 kHz stereo, silence where it had
 * none. Every clip normalised for one canvas then has the same H.264 parameters (the copy key), so
 * {@link JavacvMerger} copies them. A clip whose picture already has exactly those parameters keeps its picture (its
 * packets copied, no encode); only its sound is made to fit.
 * <p>
 * What "exactly those parameters" are is learned once per canvas, by normalising a fraction of a second of a
 * synthetic clip and reading its copy key (about a tenth of a second, kept for the process's life).
 * <p>
 * Text ({@link BurnedText}: the clip's caption, the film's title on its first clip) is burned in here, with the
 * merge's own filters ({@link TextFilters}), so a captioned or titled film merges by copy too. Such a clip is always
 * encoded. The encode is {@link EncodePlan#withFastSearch}: a clip landing last is what the film waits for.
 */
final class ClipNormaliser {
    private static final Logger log = LoggerFactory.getLogger(ClipNormaliser.class);
    private static final double REFERENCE_SECONDS = 0.2;

    private final Map<Canvas, String> keys = new ConcurrentHashMap<>();
    private final TextFilters texts;

    ClipNormaliser(TextFilters texts) {
        this.texts = texts;
    }

    /** Writes {@code clip} normalised to {@code canvas}, {@code text} burned in, at {@code target} (only when complete). */
    MergeResult normalise(Path clip, Canvas canvas, BurnedText text, Path target) {
        Probed p = ClipProbe.probe(clip);
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(dir);
            boolean keep = text.none() && p.copyable() && p.copyKey().equals(keyOf(canvas, dir));
            if (keep) {
                CopyPath.run(List.of(p), null, temp);
            } else {
                encode(p, canvas, text, temp);
            }
            move(temp, target);
            Probed out = ClipProbe.probe(target);
            log.debug("Clip {} normalised to {} ({})", p.name(), text.keyOn(canvas), keep ? "picture kept" : "encoded");
            return new MergeResult(target, keep ? "copy" : "normalise", out.info().durationSeconds(),
                    Files.size(target), out.info().width(), out.info().height());
        } catch (VideoException e) {
            throw e;
        } catch (Exception e) {
            throw new VideoException("Clip " + p.name() + " could not be normalised: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a stray part file; the blob store's temp sweep removes it
            }
        }
    }

    /** H.264 yuv420p, square pixels, upright, of exactly the canvas's size and frame rate. */
    boolean fitsAsItIs(Path clip, Canvas canvas) {
        Probed p = ClipProbe.probe(clip);
        return p.copyable() && p.info().rotation() == 0 && p.displayWidth() == canvas.width()
                && p.displayHeight() == canvas.height() && Math.abs(p.info().fps() - canvas.fps()) < 0.01;
    }

    private void encode(Probed p, Canvas canvas, BurnedText text, Path out) throws Exception {
        EncodePlan plan = canvas.plan().withFastSearch();
        Path dir = TextFilters.folderFor(!text.none());
        try {
            List<String> caption = new java.util.ArrayList<>();
            caption.add(text.caption());
            new NormalisePath(List.of(p), List.of(ClipCut.WHOLE), texts.build(1, caption, text.title(), plan, dir), plan,
                    0, null).run(out);
        } finally {
            TextFilters.remove(dir);
        }
    }

    /** The copy key of a clip this normaliser encodes for {@code canvas}. */
    private String keyOf(Canvas canvas, Path dir) {
        String known = keys.get(canvas);
        if (known != null) {
            return known;
        }
        Path src = dir.resolve(".reference-" + UUID.randomUUID() + ".mp4");
        Path out = dir.resolve(".reference-" + UUID.randomUUID() + ".mp4");
        try {
            SyntheticClip.of(canvas.width(), canvas.height(), canvas.fps(), REFERENCE_SECONDS).withoutAudio().writeTo(src);
            encode(ClipProbe.probe(src), canvas, BurnedText.NONE, out);
            String key = ClipProbe.probe(out).copyKey();
            keys.put(canvas, key);
            return key;
        } catch (VideoException e) {
            throw e;
        } catch (Exception e) {
            throw new VideoException("The canvas " + canvas.key() + " could not be prepared: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(src);
                Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
