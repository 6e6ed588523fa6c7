package io.storyreel.core.conversation;

import io.storyreel.core.generation.ClipState;
import io.storyreel.core.generation.GenerationListener;
import io.storyreel.core.generation.GenerationListener.ClipProgress;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The progress message as a model rendered once: a clip walked through every state it can pass through keeps a bar
 * that never shrinks, the header counts exactly the rows that say ready, and no row shows a raw engine state.
 */
class ProgressTextTest {
    private static final Pattern HEADER = Pattern.compile("(\\d+) of (\\d+) clips ready");

    @Test
    void barsOnlyGrowTheHeaderCountsTheRowsAndNoRawStateShows() {
        List<ClipProgress> walk = List.of(
                new ClipProgress(1, ClipState.PENDING, -1, 2), new ClipProgress(1, ClipState.PENDING, -1, 1),
                new ClipProgress(1, ClipState.SUBMITTING, -1, -1), new ClipProgress(1, ClipState.SUBMITTED, -1, -1),
                new ClipProgress(1, ClipState.QUEUED, -1, -1), new ClipProgress(1, ClipState.RUNNING, -1, -1),
                new ClipProgress(1, ClipState.RUNNING, 10, -1), new ClipProgress(1, ClipState.RUNNING, 99, -1),
                new ClipProgress(1, ClipState.SUCCEEDED, 100, -1), new ClipProgress(1, ClipState.DOWNLOADED, 100, -1));
        // clip 2 is one step behind clip 1, clip 3 stays ready throughout
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < walk.size(); i++) {
            ClipProgress one = walk.get(i);
            ClipProgress two = walk.get(Math.max(0, i - 1));
            texts.add(ProgressText.render(new GenerationListener.Progress("b", List.of(one,
                    new ClipProgress(2, two.state(), two.percent(), two.queuePosition()),
                    new ClipProgress(3, ClipState.DOWNLOADED, 100, -1)), Duration.ofMinutes(2),
                    GenerationListener.Stage.GENERATING)));
        }
        int[] last = new int[4];
        for (String t : texts) {
            List<String> rows = t.lines().filter(l -> l.matches("^[123] .*")).toList();
            assertThat(rows).as(t).hasSize(3);
            for (String row : rows) {
                int pos = row.charAt(0) - '0';
                int fill = (int) row.chars().filter(ch -> ch == '▓').count();
                assertThat(fill).as("clip %d in%n%s", pos, t).isGreaterThanOrEqualTo(last[pos]);
                last[pos] = fill;
                for (ClipState s : ClipState.values()) {
                    assertThat(row.toLowerCase(Locale.ROOT)).as(row).doesNotContainPattern("\\b" + s.name().toLowerCase(Locale.ROOT) + "\\b");
                }
                assertThat(row).doesNotContain("sending", "running");
            }
            Matcher m = HEADER.matcher(t);
            assertThat(m.find()).as(t).isTrue();
            assertThat(Integer.parseInt(m.group(1))).as(t).isEqualTo(rows.stream().filter(r -> r.contains("ready ✓")).count());
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(rows.size());
        }
        assertThat(last).containsExactly(0, 10, 9, 10);
        assertThat(texts.get(0)).contains("waiting for a slot (#2)");
        assertThat(texts.get(8)).contains("1 ▓▓▓▓▓▓▓▓▓░ downloading");
    }

    @Test
    void aClipQueuedAtAProviderThatToldItsPlaceShowsIt() {
        String told = ProgressText.render(new GenerationListener.Progress("b", List.of(
                new ClipProgress(1, ClipState.QUEUED, -1, 3), new ClipProgress(2, ClipState.QUEUED, -1, -1)),
                Duration.ofMinutes(2), GenerationListener.Stage.GENERATING));
        assertThat(told).contains("1 ▓░░░░░░░░░ in the provider's queue (#3)");
        assertThat(told.lines().filter(l -> l.startsWith("2 ")).findFirst().orElseThrow())
                .endsWith("in the provider's queue");
    }
}
