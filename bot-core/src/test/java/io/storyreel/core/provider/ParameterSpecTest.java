package io.storyreel.core.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.core.config.ConfigException;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parameters declared in a catalogue entry: how values are checked, worded and put into a request body. */
class ParameterSpecTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static ModelSpec klingModel(String id) {
        return CapabilitiesLoader.bundled("kling").model(id).orElseThrow();
    }

    @Test
    void aNumberIsCheckedAgainstItsRangeAndStepAndKeptCanonical() {
        ParameterSpec cfg = ParameterValues.declared(klingModel("kling-v1-6"), "cfg_scale").orElseThrow();
        assertThat(cfg.check("0.70").value()).isEqualTo("0.7");
        assertThat(cfg.check("0,3").value()).isEqualTo("0.3");
        assertThat(cfg.check("1").value()).isEqualTo("1");
        assertThat(cfg.check("1.1").refusal()).isEqualTo("cfg_scale takes a number from 0 to 1 in steps of 0.1.");
        assertThat(cfg.check("0.25").ok()).as("off the 0.1 step").isFalse();
        assertThat(cfg.check("lots").ok()).isFalse();
        assertThat(cfg.defaultText()).isEqualTo("0.5");
        assertThat(cfg.json("0.7").isDouble()).isTrue();
    }

    @Test
    void aWholeNumberIsSentAsAnInteger() {
        ModelSpec gen4 = CapabilitiesLoader.bundled("runway").model("gen4_turbo").orElseThrow();
        ParameterSpec seed = ParameterValues.declared(gen4, "seed").orElseThrow();
        assertThat(seed.check("4294967295").ok()).isTrue();
        assertThat(seed.check("4294967296").refusal())
                .isEqualTo("seed takes a number from 0 to 4294967295, whole numbers.");
        assertThat(seed.json("42").isIntegralNumber()).isTrue();
        assertThat(seed.defaultText()).as("no default: left out unless chosen").isNull();
    }

    @Test
    void theEffectiveValuesAreTheChosenOnesOverTheDefaultsAtTheirDottedFields() {
        ModelSpec v15 = klingModel("kling-v1-5");
        ModelSpec.Combination pro5 = v15.matching("pro", 5, null).get(0);
        ModelSpec.Combination pro10 = v15.matching("pro", 10, null).get(0);
        assertThat(ParameterValues.effective(v15, pro5, Map.of())).containsExactly(Map.entry("cfg_scale", "0.5"));
        assertThat(ParameterValues.effective(v15, pro10, Map.of("camera_control", "down_back")))
                .as("camera control is only honoured in pro 5 s").doesNotContainKey("camera_control");
        ObjectNode body = JSON.createObjectNode().put("model_name", "kling-v1-5");
        ParameterValues.apply(body, v15, pro5, Map.of("camera_control", "pan_left"));
        assertThat(body.path("camera_control").path("config").path("pan").asInt()).isEqualTo(-5);
        assertThat(body.path("cfg_scale").asDouble()).isEqualTo(0.5);
        assertThat(ParameterValues.describe(v15, Map.of("camera_control", "pan_left", "cfg_scale", "0.7")))
                .isEqualTo("cfg_scale 0.7 · camera pan left");
    }

    @Test
    void aBadDeclarationFailsStartUpWithOneLineNamingIt(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String base = new String(CapabilitiesLoader.class.getResourceAsStream("/providers/kling.yml").readAllBytes());
        Path outOfRange = dir.resolve("a.yml");
        Files.writeString(outOfRange, base.replace("    default: 0.5\n", "    default: 3\n"));
        assertThatThrownBy(() -> CapabilitiesLoader.load("kling", outOfRange)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("parameter cfg_scale: the default 3 is not allowed; it takes a number from 0 to 1");
        Path unknown = dir.resolve("b.yml");
        Files.writeString(unknown, base.replace("parameters: [cfg_scale]", "parameters: [cfg_scael]"));
        assertThatThrownBy(() -> CapabilitiesLoader.load("kling", unknown)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("parameter cfg_scael has no type");
        Path reserved = dir.resolve("c.yml");
        Files.writeString(reserved, base.replace("  - name: cfg_scale\n", "  - name: style\n"));
        assertThatThrownBy(() -> CapabilitiesLoader.load("kling", reserved)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not one of the storybook's own settings");
        // duration is the clip's shape: only declared as such (combination: duration), never as a request field
        Path shape = dir.resolve("d.yml");
        Files.writeString(shape, base.replace("  - name: cfg_scale\n", "  - name: duration\n"));
        assertThatThrownBy(() -> CapabilitiesLoader.load("kling", shape)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("parameter duration: mode, duration and resolution are declared with combination:");
    }
}
