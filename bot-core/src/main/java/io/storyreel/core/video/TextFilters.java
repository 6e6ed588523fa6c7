package io.storyreel.core.video;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The drawtext filters that burn captions (bottom, boxed) and the title card (centre, larger, first second only) into
 * the picture, one per clip, in one TrueType font. The text goes through a file ({@code textfile}, {@code
 * expansion=none}), so a caption's own characters never meet filtergraph escaping. Used by the merge's normalise
 * path and by the clip normaliser alike, so text burned as a clip lands looks as it would burned at the merge.
 */
final class TextFilters {
    private static final Logger log = LoggerFactory.getLogger(TextFilters.class);

    private final Path font;

    TextFilters(Path font) {
        this.font = font;
    }

    /**
     * Per clip (of {@code clips}), its filter or null: caption i from {@code captions} (null or blank: none), the
     * title on clip 0. The text files are written into {@code dir}; with {@code dir} null, nothing is burned.
     */
    List<String> build(int clips, List<String> captions, String title, EncodePlan plan, Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> texts = captions == null ? List.of() : captions;
        boolean fontOk = Files.isReadable(font) && safeForFilter(font.toString());
        if (dir != null && !fontOk) {
            log.warn("Captions skipped: font {} is missing (install fonts-dejavu-core)", font);
        }
        for (int i = 0; i < clips; i++) {
            String text = i < texts.size() ? texts.get(i) : null;
            String titled = i == 0 && dir != null && fontOk ? titleFilter(title, plan, dir) : null;
            if (text == null || text.isBlank() || dir == null || !fontOk) {
                out.add(titled);
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
            out.add("drawtext=fontfile=" + font + ":textfile=" + file + ":expansion=none:fontsize=" + fontSize
                    + ":fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=" + Math.max(4, fontSize / 3)
                    + ":line_spacing=" + Math.max(2, fontSize / 5)
                    + ":x=(w-text_w)/2:y=h-text_h-h/12" + (titled == null ? "" : "," + titled));
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

    /** A folder for one encode's text files, or null when nothing is to be burned. */
    static Path folderFor(boolean burns) throws IOException {
        return burns ? Files.createTempDirectory("storyreel-captions") : null;
    }

    /** Removes a folder made by {@link #folderFor} and its text files (best effort). */
    static void remove(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            files.forEach(TextFilters::deleteQuietly);
        } catch (IOException ignored) {
            // temp files; the OS cleans them eventually
        }
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
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
