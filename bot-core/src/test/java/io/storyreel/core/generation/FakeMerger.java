package io.storyreel.core.generation;

import io.storyreel.core.video.ClipInfo;
import io.storyreel.core.video.MergeOptions;
import io.storyreel.core.video.MergeResult;
import io.storyreel.core.video.Merger;
import io.storyreel.core.video.VideoException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Concatenates the clip files (the merge itself is not what engine tests check) and records the options. */
final class FakeMerger implements Merger {
    final List<MergeOptions> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();

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
        try (OutputStream out = Files.newOutputStream(target)) {
            for (Path p : clips) {
                out.write(Files.readAllBytes(p));
                out.write('\n');
            }
            return new MergeResult(target, "copy", clips.size() * 5.0, Files.size(target), 1280, 720);
        } catch (IOException e) {
            throw new VideoException("cannot write", e);
        }
    }
}
