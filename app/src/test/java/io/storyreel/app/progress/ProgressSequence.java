package io.storyreel.app.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a progress message's recorded history must satisfy, whichever platform showed it: no clip's bar ever shrinks,
 * the header counts the rows that say ready, and consecutive texts are at least the configured interval apart except
 * the last (an end state is shown at once). The times are the fake platform's own, taken as each call arrived.
 */
public final class ProgressSequence {
    private static final Pattern ROW = Pattern.compile("(?m)^(\\d+) ([▓░]{10}) (.+)$");
    private static final Pattern HEADER = Pattern.compile("(\\d+) of (\\d+) clips ready");
    /** The platform's clock reads a call as it arrives; HTTP and the adapter's queue add jitter on both sides. */
    private static final Duration JITTER = Duration.ofMillis(250);

    private ProgressSequence() {
    }

    /**
     * @param texts    every text the message showed, oldest first (the first is the one it was sent with)
     * @param at       when each was shown
     * @param interval the configured least time between two edits
     * @return how many of the texts were progress rows (so a test can say there were some)
     */
    public static int check(List<String> texts, List<Instant> at, Duration interval) {
        assertThat(at).hasSameSizeAs(texts);
        Map<Integer, Integer> fills = new HashMap<>();
        int withRows = 0;
        for (String text : texts) {
            Matcher row = ROW.matcher(text);
            int ready = 0;
            int rows = 0;
            while (row.find()) {
                rows++;
                int position = Integer.parseInt(row.group(1));
                int fill = (int) row.group(2).chars().filter(c -> c == '▓').count();
                String label = row.group(3);
                if (label.startsWith("ready")) {
                    ready++;
                }
                if (!label.startsWith("failed") && !label.startsWith("cancelled") && !label.startsWith("left out")) {
                    assertThat(fill).as("clip %d's bar in %s", position, text)
                            .isGreaterThanOrEqualTo(fills.getOrDefault(position, 0));
                    fills.put(position, fill);
                }
            }
            Matcher header = HEADER.matcher(text);
            if (header.find()) {
                assertThat(Integer.parseInt(header.group(1))).as("the header of %s", text).isEqualTo(ready);
                assertThat(Integer.parseInt(header.group(2))).as("the clip count of %s", text).isEqualTo(rows);
            }
            withRows += rows > 0 ? 1 : 0;
        }
        for (int i = 1; i < at.size() - 1; i++) {
            assertThat(Duration.between(at.get(i - 1), at.get(i)).plus(JITTER))
                    .as("the gap before %s", texts.get(i)).isGreaterThanOrEqualTo(interval);
        }
        return withRows;
    }
}
