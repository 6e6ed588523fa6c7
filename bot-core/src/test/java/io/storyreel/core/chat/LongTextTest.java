package io.storyreel.core.chat;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LongTextTest {
    @Test
    void aShortTextIsOnePartAndUntrimmed() {
        assertThat(LongText.split("hello", 10)).containsExactly("hello");
        assertThat(LongText.trim("hello", 5)).isEqualTo("hello");
        assertThat(LongText.split(null, 10)).containsExactly("");
    }

    @Test
    void partsBreakAtLinesThenSpacesThenAnywhereAndLoseNothingButTheBreak() {
        assertThat(LongText.split("aaaa\nbbbb\ncccc", 10)).containsExactly("aaaa\nbbbb", "cccc");
        assertThat(LongText.split("aaaa bbbb cccc", 10)).containsExactly("aaaa bbbb", "cccc");
        assertThat(LongText.split("abcdefghijklmnopqrstuvwxy", 10)).containsExactly("abcdefghij", "klmnopqrst", "uvwxy");
        // a line break early in the window is not worth a short message: the space near the limit wins
        assertThat(LongText.split("ab\ncdef ghij klm", 10)).containsExactly("ab\ncdef", "ghij klm");
        List<String> parts = LongText.split("word ".repeat(1000), 97);
        assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(97));
        assertThat(String.join(" ", parts)).isEqualTo("word ".repeat(1000));
    }

    @Test
    void neitherCutNorTrimSplitsASurrogatePair() {
        String emoji = "🎬"; // two UTF-16 units
        List<String> parts = LongText.split("abcdefghi" + emoji + "xyz", 10);
        assertThat(parts).containsExactly("abcdefghi", emoji + "xyz");
        assertThat(LongText.trim("abcdefgh" + emoji + "xyz", 10)).isEqualTo("abcdefgh…");
        assertThat(LongText.trim("x".repeat(20), 10)).hasSize(10).endsWith("…");
    }
}
