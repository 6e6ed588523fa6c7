package io.storyreel.app;

import io.storyreel.core.video.JavacvMerger;
import io.storyreel.core.video.MergeOptions;
import io.storyreel.core.video.MergeResult;
import io.storyreel.core.video.VideoException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code storyreel merge}: the bot's merger as a standalone tool. */
@Command(name = "merge", mixinStandardHelpOptions = true, description = {
        "Merge MP4 clips into one film: packet copy when the clips match, normalise and re-encode when they differ.",
        "Example: storyreel merge clip1.mp4 clip2.mp4 --out film.mp4 --limit-mb 10 --crossfade 0.5"})
final class MergeCommand implements Callable<Integer> {
    private static final long MIB = 1024L * 1024;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CLIP", description = "Clips in film order.")
    List<Path> clips;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The film to write (MP4).")
    Path out;

    @Option(names = "--limit-mb", paramLabel = "N",
            description = "Fit the film into N MiB (Telegram 50, Discord 10); re-encodes when it is bigger.")
    Double limitMb;

    @Option(names = "--crossfade", paramLabel = "S", defaultValue = "0", description = "Crossfade between clips, seconds.")
    double crossfade;

    @Option(names = "--captions", paramLabel = "FILE",
            description = "Text file with one caption per line, line N for clip N (an empty line for none).")
    Path captions;

    @Option(names = "--music", paramLabel = "FILE", description = "Background music (any audio file FFmpeg reads).")
    Path music;

    @Option(names = "--music-volume", paramLabel = "V", defaultValue = "0.3", description = "Music volume, 0 to 1.")
    double musicVolume;

    @Override
    public Integer call() {
        if (crossfade < 0) {
            throw new UserInputException("--crossfade must be 0 or more seconds.");
        }
        if (limitMb != null && limitMb <= 0) {
            throw new UserInputException("--limit-mb must be more than 0.");
        }
        List<String> lines = List.of();
        if (captions != null) {
            try {
                lines = Files.readAllLines(captions, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserInputException("Captions file " + captions + " cannot be read.");
            }
        }
        long limit = limitMb == null ? 0 : (long) (limitMb * MIB);
        MergeOptions defaults = MergeOptions.defaults();
        MergeOptions options = new MergeOptions(crossfade, lines, music, musicVolume,
                defaults.musicFadeOutSeconds(), List.of(), limit);
        try {
            MergeResult r = new JavacvMerger().merge(clips, options, out);
            spec.commandLine().getOut().printf("%s: %.2f s, %dx%d, %.2f MB (%s path)%n", r.output(),
                    r.durationSeconds(), r.width(), r.height(), r.bytes() / 1e6, r.path());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (VideoException e) {
            throw new UserInputException(e.getMessage());
        }
    }
}
