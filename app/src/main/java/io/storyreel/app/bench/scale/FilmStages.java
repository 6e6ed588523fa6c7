package io.storyreel.app.bench.scale;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where each delivered film's time went, from the database's own times (every process writes them with its own clock;
 * the processes share this machine's): Confirm to the engine's start (the chat process: the press, the conversation's
 * queue), the start to the last clip's submit (the workers picking the clip tasks up, slots, the photo sent), each
 * clip's wait beyond the simulated clip time until the engine saw it finished (the poll cadence), the last clip
 * seen finished to the last one stored (download, hashing, the canvas check or the normalisation), the last clip stored
 * to the merged film (the merge task picked up, the merge, the thumbnail), merged to handed to the chat, and handed to
 * delivered (the chat's upload); and the whole, Confirm to the film seen in the chat, clip time included.
 */
final class FilmStages {
    private final Map<String, List<Double>> stages = new LinkedHashMap<>();

    private FilmStages() {
    }

    /**
     * {@code confirmed} and {@code seen}: each chat's press on Confirm and the film seen there (wall clock, ms);
     * {@code clipS}: one clip's simulated time.
     */
    static FilmStages read(DataSource db, Map<String, Long> confirmed, Map<String, Long> seen, double clipS) {
        FilmStages s = new FilmStages();
        String q = "SELECT b.chat_id, b.started_at, MAX(k.submitted_at), MAX(k.generated_at), MAX(k.updated_at), "
                + "f.created_at, f.handed_over_at, f.delivered_at, MAX(k.generated_at - k.submitted_at) "
                + "FROM storybook b JOIN film f ON f.storybook_id = b.id JOIN clip k ON k.storybook_id = b.id "
                + "AND k.replaced_by IS NULL WHERE b.started_at IS NOT NULL AND f.delivered_at IS NOT NULL "
                + "GROUP BY b.chat_id, b.started_at, f.created_at, f.handed_over_at, f.delivered_at";
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q)) {
            while (rs.next()) {
                Long at = confirmed.get(rs.getString(1));
                long started = rs.getLong(2);
                if (at != null && at > 0) {
                    s.add("Confirm → start (chat process)", started - at);
                }
                s.add("start → last clip submitted", rs.getLong(3) - started);
                s.add("slowest clip's wait beyond the clip time (polls)", rs.getLong(9) - Math.round(clipS * 1000));
                s.add("last clip finished → last clip stored", rs.getLong(5) - rs.getLong(4));
                s.add("last clip stored → film merged", rs.getLong(6) - rs.getLong(5));
                s.add("merged → handed to the chat", rs.getLong(7) - rs.getLong(6));
                s.add("handed → delivered (upload)", rs.getLong(8) - rs.getLong(7));
                Long film = seen.get(rs.getString(1));
                if (at != null && at > 0 && film != null && film > 0) {
                    s.add("all: Confirm → film in the chat", film - at);
                }
            }
        } catch (SQLException e) {
            s.stages.clear();
        }
        s.stages.values().forEach(l -> l.sort(null));
        return s;
    }

    private void add(String stage, long millis) {
        stages.computeIfAbsent(stage, k -> new ArrayList<>()).add(millis / 1000.0);
    }

    void print(PrintStream out) {
        if (stages.isEmpty()) {
            out.println("  (the stages could not be read from the database)");
            return;
        }
        for (var e : stages.entrySet()) {
            out.printf(Locale.ROOT, "  %-52s p50 %6.2f   p95 %6.2f%n", e.getKey(), ScaleBench.percentile(e.getValue(), 0.5),
                    ScaleBench.percentile(e.getValue(), 0.95));
        }
    }
}
