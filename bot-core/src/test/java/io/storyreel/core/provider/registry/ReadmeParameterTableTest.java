package io.storyreel.core.provider.registry;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's parameter table is the catalogues' own: regenerated here from the bundled provider files and compared
 * with the README between its markers. Run with {@code -Dreadme.write=true} to rewrite the README's table.
 */
class ReadmeParameterTableTest {
    static final List<String> PROVIDERS = List.of("kling", "minimax", "fal", "runway", "google");
    static final String BEGIN = "<!-- parameters:begin -->\n";
    static final String END = "<!-- parameters:end -->";

    @Test
    void theReadmeTableIsTheCatalogues() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String table = ParameterTable.markdown(PROVIDERS.stream().map(CapabilitiesLoader::bundled).toList());
        if (Boolean.getBoolean("readme.write")) {
            text = text.substring(0, text.indexOf(BEGIN) + BEGIN.length()) + table + text.substring(text.indexOf(END));
            Files.writeString(readme, text, StandardCharsets.UTF_8);
        }
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        assertThat(from).as("README has the parameter table's markers").isNotNegative();
        assertThat(text.substring(from + BEGIN.length(), to))
                .as("README's parameter table; rerun this test with -Dreadme.write=true to regenerate it")
                .isEqualTo(table);
        assertThat(table).contains("| Kling AI | `cfg_scale` | `kling-v1`, `kling-v1-5`, `kling-v1-6` | a number from 0 to 1 in steps of 0.1 | 0.5 |");
    }
}
