package io.storyreel.core.video;

import java.io.IOException;
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
    /** DejaVu ships with Debian's fonts-dejavu-core; the natives have freetype but no fontconfig. */
    public static final Path DEFAULT_FONT = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

    private final TextFilters texts;
    private final ClipNormaliser normaliser;

    public JavacvMerger() {
        this(DEFAULT_FONT);
    }

    /** @param font TrueType font for captions; when it is missing, captions are skipped with a warning */
    public JavacvMerger(Path font) {
        this.texts = new TextFilters(font);
        this.normaliser = new ClipNormaliser(texts);
        VideoNatives.ensureLoaded();
    }

    @Override
    public List<ClipInfo> probe(List<Path> clips) {
        return clips.stream().map(ClipProbe::probe).map(Probed::info).toList();
    }

    @Override
    public MergeResult normalise(Path clip, Canvas canvas, BurnedText text, Path target) {
        return normaliser.normalise(clip, canvas, text, target);
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
            captionDir = TextFilters.folderFor(wantCaptions);
            Path captionsIn = captionDir;
            FitPath.Encode encode = (p, out) -> new NormalisePath(clips, cuts,
                    texts.build(clips.size(), options.captions(), options.title(), p, captionsIn),
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
            TextFilters.remove(captionDir);
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
}
