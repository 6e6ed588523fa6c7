package io.storyreel.core.generation;

import io.storyreel.core.video.BurnedText;
import io.storyreel.core.video.CannotFitException;
import io.storyreel.core.video.Canvas;
import io.storyreel.core.video.ClipInfo;
import io.storyreel.core.video.MergeOptions;
import io.storyreel.core.video.MergeResult;
import io.storyreel.core.video.Merger;
import io.storyreel.core.video.VideoException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concatenates the clip files (the merge itself is not what engine tests check) and records the options. With
 * {@link #padTo} the film is padded to that many bytes, and cut to a byte limit when one is given: a film that can
 * be fitted smaller. With {@link #smallest}, a byte limit below it cannot be met (as {@link CannotFitException}
 * says, with 2 s that would fit) unless the film is cut shorter.
 */
final class FakeMerger implements Merger {
    final List<MergeOptions> calls = new CopyOnWriteArrayList<>();
    /** What each merge was given: the files' contents, in order. */
    final List<List<String>> merged = new CopyOnWriteArrayList<>();
    /** Each clip normalised, in order: what it was (its file's content) and onto which canvas. */
    final List<Normalised> normalised = new CopyOnWriteArrayList<>();

    record Normalised(String clip, String canvas, long atMillis, BurnedText text) {
    }
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile int padTo;
    volatile long smallest;
    /** Which clips sit on a canvas as they came (none unless a test says). */
    volatile java.util.function.BiPredicate<Path, Canvas> fits = (clip, canvas) -> false;

    @Override
    public List<ClipInfo> probe(List<Path> clips) {
        return List.of();
    }

    /**
     * Writes "normalised to KEY: " and the clip's content (so a merge shows which files it was given), KEY naming the
     * canvas and the text burned in ({@link BurnedText#keyOn}).
     */
    @Override
    public MergeResult normalise(Path clip, Canvas canvas, BurnedText text, Path target) {
        try {
            String content = new String(Files.readAllBytes(clip), java.nio.charset.StandardCharsets.UTF_8);
            normalised.add(new Normalised(content, canvas.key(), System.currentTimeMillis(), text));
            Files.writeString(target, "normalised to " + text.keyOn(canvas) + ": " + content);
            return new MergeResult(target, "normalise", 5.0, Files.size(target), canvas.width(), canvas.height());
        } catch (IOException e) {
            throw new VideoException("cannot write", e);
        }
    }

    @Override
    public boolean fitsAsItIs(Path clip, Canvas canvas) {
        return fits.test(clip, canvas);
    }

    @Override
    public MergeResult merge(List<Path> clips, MergeOptions options, Path target) {
        calls.add(options);
        List<String> files = new java.util.ArrayList<>();
        for (Path p : clips) {
            try {
                files.add(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new VideoException("cannot read", e);
            }
        }
        merged.add(files);
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new VideoException("Clip 1 has no video stream.");
        }
        boolean shortened = options.trims() != null && !options.trims().isEmpty();
        if (options.byteLimit() > 0 && options.byteLimit() < smallest && !shortened) {
            throw new CannotFitException(options.byteLimit(), smallest, 2.0);
        }
        try {
            ByteArrayOutputStream film = new ByteArrayOutputStream();
            for (Path p : clips) {
                film.write(Files.readAllBytes(p));
                film.write('\n');
            }
            byte[] bytes = Arrays.copyOf(film.toByteArray(), Math.max(film.size(), padTo));
            if (options.byteLimit() > 0 && bytes.length > options.byteLimit()) {
                bytes = Arrays.copyOf(bytes, (int) options.byteLimit());
            }
            Files.write(target, bytes);
            return new MergeResult(target, "copy", clips.size() * 5.0, bytes.length, 1280, 720);
        } catch (IOException e) {
            throw new VideoException("cannot write", e);
        }
    }
}
