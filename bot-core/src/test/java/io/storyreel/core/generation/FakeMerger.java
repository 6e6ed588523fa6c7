package io.storyreel.core.generation;

import io.storyreel.core.video.CannotFitException;
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
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile int padTo;
    volatile long smallest;

    @Override
    public List<ClipInfo> probe(List<Path> clips) {
        return List.of();
    }

    @Override
    public MergeResult merge(List<Path> clips, MergeOptions options, Path target) {
        calls.add(options);
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
