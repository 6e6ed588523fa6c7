package io.storyreel.app;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.storyreel.app.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every number in {@code config/storyreel.example.yml}, found by reading the file (so a setting added later is covered
 * without touching this test), must say its allowed range as "A to B" in its comment; {@code storyreel run} with the
 * example config and that one number just outside its range stops with one line naming the setting and exit code 2,
 * and with the number at either end of its range gets past the configuration (to the missing-token line).
 */
public class SettingRangesTest {
    public static final Path EXAMPLE = Path.of("..", "config", "storyreel.example.yml");
    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_.-]+):(.*)$");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern RANGE = Pattern.compile("(-?\\d+(?:\\.\\d+)?) to (-?\\d+(?:\\.\\d+)?)");
    private static final String CONFIG_LOADED = "storyreel: telegram.token / discord.token: neither is set";

    @TempDir
    Path dir;

    /** A number in the example: its dotted name, the line it is on (0-based), its value, and the range its comment gives. */
    public record Numeric(String key, int line, String indent, String value, BigDecimal min, BigDecimal max) {
        boolean whole() {
            return min.scale() <= 0 && max.scale() <= 0 && !value.contains(".");
        }

        String below() {
            return whole() ? min.subtract(BigDecimal.ONE).toPlainString()
                    : min.signum() > 0 ? min.divide(BigDecimal.valueOf(2)).toPlainString() : min.subtract(BigDecimal.ONE).toPlainString();
        }

        String above() {
            return max.add(BigDecimal.ONE).toPlainString();
        }
    }

    /**
     * The example's numeric settings. A setting's comment is the run of comment lines right above it plus a comment at
     * the end of its own line; its range is the last "A to B" in it (null bounds: no range written).
     */
    public static List<Numeric> numericSettings() throws IOException {
        List<String> lines = Files.readAllLines(EXAMPLE);
        List<Numeric> out = new ArrayList<>();
        Deque<String[]> parents = new ArrayDeque<>(); // {indent, key}
        StringBuilder comment = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                comment.setLength(0);
                continue;
            }
            if (trimmed.startsWith("#")) {
                comment.append(' ').append(trimmed.substring(1));
                continue;
            }
            Matcher m = KEY.matcher(line);
            if (!m.matches()) {
                comment.setLength(0); // a list item
                continue;
            }
            int indent = m.group(1).length();
            while (!parents.isEmpty() && Integer.parseInt(parents.peek()[0]) >= indent) {
                parents.pop();
            }
            String rest = m.group(3).strip();
            int hash = rest.startsWith("\"") ? -1 : rest.indexOf(" #");
            String value = (hash < 0 ? rest : rest.substring(0, hash)).strip();
            String trailing = hash < 0 ? "" : rest.substring(hash + 2);
            StringBuilder name = new StringBuilder();
            parents.descendingIterator().forEachRemaining(p -> name.append(p[1]).append('.'));
            name.append(m.group(2));
            if (value.isEmpty()) {
                parents.push(new String[]{Integer.toString(indent), m.group(2)});
            } else if (NUMBER.matcher(value).matches()) {
                Matcher r = RANGE.matcher(comment + " " + trailing);
                BigDecimal min = null;
                BigDecimal max = null;
                while (r.find()) {
                    min = new BigDecimal(r.group(1));
                    max = new BigDecimal(r.group(2));
                }
                out.add(new Numeric(name.toString(), i, m.group(1), value, min, max));
            }
            comment.setLength(0);
        }
        return out;
    }

    @Test
    void everyNumberInTheExampleSaysItsRangeAndItsValueIsInIt() throws IOException {
        List<Numeric> all = numericSettings();
        assertThat(all).hasSizeGreaterThan(30)
                .extracting(Numeric::key).contains("engine.missed-heartbeats", "database.pool-size", "callbacks.port",
                        "kling.max-concurrent-tasks", "telegram.upload-limit-mb", "retention.films-days");
        assertThat(all).filteredOn(n -> n.min() == null).extracting(Numeric::key)
                .as("numbers in %s whose comment gives no range 'A to B'", EXAMPLE).isEmpty();
        assertThat(all).allSatisfy(n -> assertThat(new BigDecimal(n.value())).as(n.key())
                .isBetween(n.min(), n.max()));
    }

    @TestFactory
    Stream<DynamicTest> eachNumberJustOutsideItsRangeStopsTheBotWithOneLineNamingIt() throws IOException {
        return numericSettings().stream().filter(n -> n.min() != null).flatMap(n -> Stream.of(n.below(), n.above())
                .map(bad -> DynamicTest.dynamicTest(n.key() + ": " + bad, () -> {
                    CommandRun r = run("run", "--config", withValue(n, bad).toString(), "--data-dir", dir.resolve("d").toString());
                    r.refused("storyreel: " + n.key() + ": ");
                    assertThat(r.err()).contains(bad);
                })));
    }

    @TestFactory
    Stream<DynamicTest> eachNumberAtEitherEndOfItsRangeIsAccepted() throws IOException {
        return numericSettings().stream().filter(n -> n.min() != null)
                .flatMap(n -> Stream.of(n.min().toPlainString(), n.max().toPlainString())
                        .map(edge -> DynamicTest.dynamicTest(n.key() + ": " + edge, () -> run("run", "--config",
                                withValue(n, edge).toString(), "--data-dir", dir.resolve("d").toString())
                                .refused(CONFIG_LOADED))));
    }

    /** The case the issue reported: db-scheduler's own refusal used to end in 17 lines of stack trace and exit 1. */
    @Test
    void threeMissedHeartbeatsIsOneLineAndExitTwo() throws IOException {
        Numeric missed = numericSettings().stream().filter(n -> n.key().equals("engine.missed-heartbeats")).findFirst()
                .orElseThrow();
        CommandRun r = run("run", "--config", withValue(missed, "3").toString(), "--data-dir", dir.resolve("d").toString());
        r.refused("storyreel: engine.missed-heartbeats: ");
        assertThat(r.err().strip()).isEqualTo("storyreel: engine.missed-heartbeats: must be between 4 and 100, not 3");
    }

    /** A copy of the example with one setting's value replaced (its comment left out). */
    private Path withValue(Numeric n, String value) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(EXAMPLE));
        String name = n.key().substring(n.key().lastIndexOf('.') + 1);
        lines.set(n.line(), n.indent() + name + ": " + value);
        Path copy = Files.createTempFile(dir, "config-", ".yml");
        Files.write(copy, lines);
        return copy;
    }
}
