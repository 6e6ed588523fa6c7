package io.storyreel.core.video;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Merges clips with JavaCV, taking the cheapest path that honours the options: packet copy when every clip has the
 * same H.264 parameters and nothing needs drawing ("copy"), a full normalise-and-encode otherwise ("normalise"), and
 * single-pass ABR re-encodes when the result must fit a byte limit ("fit", {@link FitPath}: 95–100 % of the limit,
 * down to 240p, or {@link CannotFitException}). The film is written next to the target and moved into place only
 * when complete.
 */
public final class JavacvMerger implements Merger {
    private static final Logger log = LoggerFactory.getLogger(JavacvMerger.class);
    /** DejaVu ships with Debian's fonts-dejavu-core; the natives have freetype but no fontconfig. */
    public static final Path DEFAULT_FONT = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

    private final Path font;
    private final ClipNormaliser normaliser = new ClipNormaliser();

    public JavacvMerger() {
        this(DEFAULT_FONT);
    }

    /** @param font TrueType font for captions; when it is missing, captions are skipped with a warning */
    public JavacvMerger(Path font) {
        this.font = font;
        VideoNatives.ensureLoaded();
    }

    @Override
    public List<ClipInfo> probe(List<Path> clips) {
        return clips.stream().map(ClipProbe::probe).map(Probed::info).toList();
    }

    @Override
    public MergeResult normalise(Path clip, Canvas canvas, Path target) {
        return normaliser.normalise(clip, canvas, target);
    }

    @Override
    public boolean fitsAsItIs(Path clip, Canvas canvas) {
        try {
            return normaliser.fitsAsItIs(clip, canvas);
        } catch (VideoException unreadable) {
            // the normaliser will say what is wrong with it
            return false;
        }
    }

    @Override
    public MergeResult merge(List<Path> clipPaths, MergeOptions options, Path target) {
        if (clipPaths == null || clipPaths.isEmpty()) {
            throw new VideoException("There are no clips to merge.");
        }
        List<Probed> clips = clipPaths.stream().map(ClipProbe::probe).toList();
        List<ClipCut> cuts = cuts(clips, options);
        MusicPlan music = music(options);
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        Path captionDir = null;
        try {
            Files.createDirectories(dir);
            boolean wantCaptions = options.burnsText();
            boolean copy = options.crossfadeSeconds() <= 0 && !wantCaptions
                    && cuts.stream().allMatch(ClipCut::whole)
                    && clips.stream().allMatch(Probed::copyable)
                    && clips.stream().map(Probed::copyKey).distinct().count() == 1;
            long limit = options.byteLimit();
            String path;
            int encodes = 0;
            EncodePlan plan = canvas(clips);
            int xf = NormalisePath.crossfadeFrames(clips, cuts, plan.fps(), options.crossfadeSeconds());
            double duration = NormalisePath.plannedFrames(clips, cuts, plan.fps(), xf) / plan.fps();
            boolean sound = music != null || clips.stream().anyMatch(Probed::audible);
            FitPath fit = new FitPath(plan, duration, sound);
            // A source clearly over the limit goes straight to the size-targeted encode: a copy or quality encode
            // first would only be thrown away. Near or under the limit, the cheaper result is made and checked.
            boolean straightToFit = limit > 0 && (estimatedBytes(clips, cuts, options.music() != null) > limit
                    || fit.videoBudget(limit) < FitPath.MIN_VIDEO_BPS);
            captionDir = wantCaptions ? Files.createTempDirectory("storyreel-captions") : null;
            Path captionsIn = captionDir;
            FitPath.Encode encode = (p, out) -> new NormalisePath(clips, cuts, captionFilters(clips, options, p, captionsIn),
                    p, options.crossfadeSeconds(), music).run(out);
            if (straightToFit) {
                path = "fit";
            } else if (copy) {
                CopyPath.run(clips, music, temp);
                path = "copy";
            } else {
                EncodePlan quality = plan;
                if (limit > 0) {
                    quality = fit.cappedFor(fit.videoBudget(limit), fit.audioBitrate(limit));
                }
                encode.run(quality, temp);
                encodes++;
                path = "normalise";
            }
            if (straightToFit || (limit > 0 && Files.size(temp) > limit)) {
                encodes += fit.run(encode, temp, limit);
                path = "fit";
            }
            moveIntoPlace(temp, target);
            Probed out = ClipProbe.probe(target);
            return new MergeResult(target, path, out.info().durationSeconds(), Files.size(target),
                    out.info().width(), out.info().height(), encodes);
        } catch (VideoException e) {
            throw e;
        } catch (Exception e) {
            throw new VideoException("The clips could not be merged: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
            if (captionDir != null) {
                try (var files = Files.list(captionDir)) {
                    files.forEach(JavacvMerger::deleteQuietly);
                } catch (IOException ignored) {
                    // temp files; the OS cleans them eventually
                }
                deleteQuietly(captionDir);
            }
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }

    /**
     * What the film would weigh without a size target: the clips' video bytes (their kept share when trimmed) plus the
     * AAC track and about 1 % of container. Exact for a copy; for a quality encode of provider clips (already
     * encoded at high quality) an upper bound in practice, which is the safe side: over it, fit at once.
     */
    static long estimatedBytes(List<Probed> clips, List<ClipCut> cuts, boolean music) {
        double video = 0;
        double seconds = 0;
        boolean sound = music;
        for (int i = 0; i < clips.size(); i++) {
            Probed p = clips.get(i);
            double full = p.info().durationSeconds();
            double kept = cuts.get(i).length(full);
            video += p.videoBytes() * (full > 0 ? kept / full : 1);
            seconds += kept;
            sound |= p.info().hasAudio();
        }
        double audio = sound ? 128000 / 8.0 * seconds : 0;
        return (long) ((video + audio) * 1.01);
    }

    private static int even(double v) {
        return FitPath.even(v);
    }

    /** The most common displayed size (ties go to the earliest clip), at most 1080p; the highest frame rate, at most 30. */
    static EncodePlan canvas(List<Probed> clips) {
        Map<String, Integer> votes = new HashMap<>();
        for (Probed p : clips) {
            votes.merge(p.displayWidth() + "x" + p.displayHeight(), 1, Integer::sum);
        }
        Probed pick = clips.stream()
                .max(Comparator.comparingInt((Probed p) -> votes.get(p.displayWidth() + "x" + p.displayHeight()))
                        .thenComparing(p -> -clips.indexOf(p)))
                .orElseThrow();
        int w = pick.displayWidth();
        int h = pick.displayHeight();
        double scale = Math.min(1.0, Math.min(1920.0 / Math.max(w, h), 1080.0 / Math.min(w, h)));
        w = even(w * scale);
        h = even(h * scale);
        double fps = Math.min(30, clips.stream().mapToDouble(p -> p.info().fps()).max().orElse(30));
        return rate(fps).withCanvas(w, h);
    }

    /** A plan at {@code fps} as a fraction: whole, NTSC's x/1001, or thousandths (its canvas still to be set). */
    static EncodePlan rate(double fps) {
        int num;
        int den;
        if (Math.abs(fps - Math.round(fps)) < 0.01) {
            num = (int) Math.round(fps);
            den = 1;
        } else if (Math.abs(fps * 1.001 - Math.round(fps * 1.001)) < 0.01) {
            num = (int) Math.round(fps * 1.001) * 1000;
            den = 1001;
        } else {
            num = (int) Math.round(fps * 1000);
            den = 1000;
        }
        return EncodePlan.quality(2, 2, num, den);
    }

    private static List<ClipCut> cuts(List<Probed> clips, MergeOptions options) {
        List<ClipCut> cuts = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            cuts.add(ClipCut.WHOLE);
        }
        if (options.trims() != null) {
            for (MergeOptions.Trim t : options.trims()) {
                if (t.index() < 0 || t.index() >= clips.size()) {
                    throw new VideoException("A trim refers to clip " + (t.index() + 1) + ", but there are only "
                            + clips.size() + " clips.");
                }
                Probed p = clips.get(t.index());
                ClipCut cut = new ClipCut(Math.max(0, t.startSeconds()), t.endSeconds());
                if (cut.length(p.info().durationSeconds()) < 0.1) {
                    throw new VideoException("The trim of clip " + p.name() + " leaves nothing of it.");
                }
                cuts.set(t.index(), cut);
            }
        }
        return cuts;
    }

    private static MusicPlan music(MergeOptions options) {
        if (options.music() == null) {
            return null;
        }
        if (!Files.isReadable(options.music())) {
            throw new VideoException("Music file " + options.music().getFileName() + " cannot be read.");
        }
        return new MusicPlan(options.music(), options.musicVolume(), Math.max(0, options.musicFadeOutSeconds()));
    }

    private List<String> captionFilters(List<Probed> clips, MergeOptions options, EncodePlan plan, Path dir)
            throws IOException {
        List<String> out = new ArrayList<>();
        List<String> texts = options.captions() == null ? List.of() : options.captions();
        boolean fontOk = Files.isReadable(font) && safeForFilter(font.toString());
        if (dir != null && !fontOk) {
            log.warn("Captions skipped: font {} is missing (install fonts-dejavu-core)", font);
        }
        for (int i = 0; i < clips.size(); i++) {
            String text = i < texts.size() ? texts.get(i) : null;
            String title = i == 0 && dir != null && fontOk ? titleFilter(options.title(), plan, dir) : null;
            if (text == null || text.isBlank() || dir == null || !fontOk) {
                out.add(title);
                continue;
            }
            int fontSize = Math.max(12, Math.min(plan.width(), plan.height()) / 16);
            Path file = dir.resolve("caption-" + i + "-" + plan.width() + ".txt");
            Files.writeString(file, wrap(text, Math.max(12, (int) (plan.width() / (fontSize * 0.55)))),
                    StandardCharsets.UTF_8);
            if (!safeForFilter(file.toString())) {
                log.warn("Captions skipped: temp path {} cannot be passed to the filter", file);
                out.add(null);
                continue;
            }
            // textfile + expansion=none: the caption's own characters never meet filtergraph escaping
            out.add("drawtext=fontfile=" + font + ":textfile=" + file + ":expansion=none:fontsize=" + fontSize
                    + ":fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=" + Math.max(4, fontSize / 3)
                    + ":line_spacing=" + Math.max(2, fontSize / 5)
                    + ":x=(w-text_w)/2:y=h-text_h-h/12" + (title == null ? "" : "," + title));
        }
        return out;
    }

    /** The title over the first clip's first second, centred and larger than captions; null when none or unsafe. */
    private String titleFilter(String title, EncodePlan plan, Path dir) throws IOException {
        if (title == null || title.isBlank()) {
            return null;
        }
        int fontSize = Math.max(16, Math.min(plan.width(), plan.height()) / 10);
        Path file = dir.resolve("title-" + plan.width() + ".txt");
        Files.writeString(file, wrap(title, Math.max(8, (int) (plan.width() / (fontSize * 0.6)))), StandardCharsets.UTF_8);
        if (!safeForFilter(file.toString())) {
            log.warn("Title skipped: temp path {} cannot be passed to the filter", file);
            return null;
        }
        return "drawtext=fontfile=" + font + ":textfile=" + file + ":expansion=none:fontsize=" + fontSize
                + ":fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=" + Math.max(6, fontSize / 3)
                + ":x=(w-text_w)/2:y=(h-text_h)/2:enable='lt(t,1)'";
    }

    private static boolean safeForFilter(String path) {
        return path.matches("[A-Za-z0-9/._-]+");
    }

    /** Up to three lines of at most {@code width} characters; control characters dropped; an ellipsis when cut. */
    static String wrap(String text, int width) {
        String clean = text.replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").strip();
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : clean.split(" ")) {
            while (word.length() > width) {
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (line.length() + word.length() + (line.isEmpty() ? 0 : 1) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        if (lines.size() > 3) {
            lines = new ArrayList<>(lines.subList(0, 3));
            String last = lines.get(2);
            lines.set(2, (last.length() >= width ? last.substring(0, width - 1) : last) + "…");
        }
        return String.join("\n", lines);
    }
}
