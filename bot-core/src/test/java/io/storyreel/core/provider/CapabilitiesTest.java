package io.storyreel.core.provider;

import io.storyreel.core.config.ConfigException;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

class CapabilitiesTest {
    final Capabilities kling = CapabilitiesLoader.bundled("kling");
    final Capabilities minimax = CapabilitiesLoader.bundled("minimax");
    final Capabilities fal = CapabilitiesLoader.bundled("fal");

    static GenerationRequest req(String model, String mode, int seconds, String resolution) {
        return new GenerationRequest(model, mode, seconds, resolution, "p", null, new byte[]{1}, "image/jpeg");
    }

    @Test
    void bundledFilesDescribeTheSpecsLimits() {
        assertThat(kling.maxPromptChars()).isEqualTo(2500);
        assertThat(kling.image().minEachSide()).isEqualTo(300);
        assertThat(kling.image().maxAspect()).isEqualTo(2.5);
        assertThat(kling.image().formats()).containsExactlyInAnyOrder("jpeg", "png");
        assertThat(kling.model("kling-v3").orElseThrow().combinations()).hasSize(26);
        assertThat(minimax.maxPromptChars()).isEqualTo(2000);
        assertThat(minimax.image().formats()).contains("webp");
        assertThat(minimax.model(minimax.defaultModel())).isPresent();
    }

    @Test
    void aModelSaysWhetherItTakesAnEndFrameAndMakesSound() {
        assertThat(kling.model("kling-v2-6").orElseThrow().takesEndFrame()).isTrue();
        assertThat(kling.model("kling-v2-master").orElseThrow().takesEndFrame()).isFalse();
        assertThat(minimax.model("MiniMax-Hailuo-02").orElseThrow().takesEndFrame()).isTrue();
        assertThat(minimax.model("MiniMax-Hailuo-2.3").orElseThrow().takesEndFrame()).isFalse();
        // the "with sound" entries (the same API models with the switch on); the others switch it off
        assertThat(kling.models()).filteredOn(ModelSpec::makesSound).extracting(ModelSpec::id)
                .containsExactly("kling-v2-6-sound", "kling-v3-sound");
        assertThat(kling.model("kling-v2-6-sound").orElseThrow().takesEndFrame()).as("2.6 ends on a frame only silent")
                .isFalse();
        assertThat(kling.model("kling-v3-sound").orElseThrow().takesEndFrame()).isTrue();
        assertThat(minimax.models()).noneMatch(ModelSpec::makesSound);
        // Seedance makes sound when its audio switch picks a combination with sound
        assertThat(fal.models()).filteredOn(ModelSpec::makesSound).extracting(ModelSpec::id)
                .containsExactly("kling-3-pro-sound", "seedance-1.5-pro");
        assertThat(fal.models()).filteredOn(ModelSpec::takesEndFrame).extracting(ModelSpec::id)
                .containsExactlyInAnyOrder("kling-2.5-turbo-pro", "kling-3-pro", "kling-3-pro-sound", "kling-3-std",
                        "hailuo-02", "seedance-1.5-pro", "wan-2.7");
        ModelSpec loud = new ModelSpec("m", "M", java.util.List.of(), java.util.List.of(
                new ModelSpec.Combination(null, 8, null, 720, 24, true, 1, 1)), 60, java.util.Map.of("endFrame", true));
        assertThat(loud.makesSound()).isTrue();
        assertThat(loud.takesEndFrame()).isTrue();
    }

    @ParameterizedTest(name = "{0} {1} {2}s {3} = {4} {5} = ${6}")
    @CsvSource({
            "kling-v2-5-turbo, std, 5, , 1.5, units, 0.21",
            "kling-v2-5-turbo, pro, 10, , 5, units, 0.70",
            "kling-v2-1, std, 5, , 2, units, 0.28",
            "kling-v2-master, , 10, , 20, units, 2.80",
            "kling-v3, pro, 7, , 5.6, units, 0.784",
            "kling-v1, pro, 5, , 3.5, units, 0.49",
            "MiniMax-Hailuo-02, , 6, 768P, 0.28, USD, 0.28",
            "MiniMax-Hailuo-02, , 10, 512P, 0.15, USD, 0.15",
            "MiniMax-Hailuo-2.3, , 6, 1080p, 0.49, USD, 0.49",
            "MiniMax-Hailuo-2.3-Fast, , 10, , 0.32, USD, 0.32",
            "I2V-01, , 6, , 0.43, USD, 0.43",
            "kling-v2-6-sound, pro, 10, , 10, units, 1.40",
            "kling-v3-sound, std, 5, , 4.5, units, 0.63",
            "fal:pika-2.2, , 5, 1080p, 0.45, USD, 0.45",
            "fal:kling-3-pro, , 5, , 1.12, USD, 1.12",
            "fal:hailuo-02, , 10, 512P, 0.17, USD, 0.17",
            "fal:seedance-1.5-pro, , 5, 720p, 0.1296, USD, 0.1296",
            "fal:wan-2.7, , 0, 1080p, 0.75, USD, 0.75",
    })
    void estimateIsPerClipInUnitsAndUsd(String model, String mode, int seconds, String res, double units,
                                        String unit, double usd) {
        Capabilities caps = model.startsWith("fal:") ? fal : model.startsWith("kling") ? kling : minimax;
        CostEstimate e = RequestValidator.estimate(caps, req(model.replace("fal:", ""), mode, seconds, res));
        assertThat(e.units()).isCloseTo(units, within(1e-9));
        assertThat(e.unitName()).isEqualTo(unit);
        assertThat(e.usd()).isCloseTo(usd, within(1e-9));
    }

    @Test
    void unsetChoicesResolveToTheModelsFirstCombination() {
        RequestValidator.Resolved r = RequestValidator.resolve(kling, req(null, null, 0, null));
        assertThat(r.model().id()).isEqualTo("kling-v2-5-turbo");
        assertThat(r.mode()).isEqualTo("std");
        assertThat(r.durationSeconds()).isEqualTo(5);
        RequestValidator.Resolved m = RequestValidator.resolve(minimax, req("MiniMax-Hailuo-02", "pro", 6, null));
        assertThat(m.resolution()).as("a mode means nothing to MiniMax and is ignored").isEqualTo("768P");
    }

    @Test
    void invalidCombinationsAreRefusedInWordsAUserUnderstands() {
        ProviderException e = catchThrowableOfType(() -> RequestValidator.resolve(minimax,
                req("MiniMax-Hailuo-2.3", null, 10, "1080P")), ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(e.field()).contains("duration");
        assertThat(e.getMessage()).isEqualTo("Hailuo 2.3 cannot make 10-second clips at 1080P. It offers 6 seconds there.");

        ProviderException unknown = catchThrowableOfType(() -> RequestValidator.resolve(kling,
                req("kling-v9", null, 5, null)), ProviderException.class);
        assertThat(unknown.field()).contains("model");
        assertThat(unknown.getMessage()).contains("kling-v2-1");

        ProviderException mode = catchThrowableOfType(() -> RequestValidator.resolve(kling,
                req("kling-v2-1", "turbo", 5, null)), ProviderException.class);
        assertThat(mode.field()).contains("mode");
    }

    @Test
    void promptOverTheLimitIsRefused() {
        GenerationRequest r = new GenerationRequest("MiniMax-Hailuo-02", null, 6, null, "x".repeat(2001), null,
                new byte[]{1}, "image/jpeg");
        ProviderException e = catchThrowableOfType(() -> RequestValidator.resolve(minimax, r), ProviderException.class);
        assertThat(e.field()).contains("prompt");
        assertThat(e.getMessage()).contains("2001").contains("2000");
        assertThat(RequestValidator.resolve(kling, new GenerationRequest(null, null, 5, null, "x".repeat(2500), null,
                new byte[]{1}, "image/jpeg"))).isNotNull();
    }

    @Test
    void overrideFileReplacesTheBundledPrices(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kling.yml");
        Files.writeString(file, """
                provider: kling
                displayName: Kling (discount)
                defaultModel: kling-v2-1
                maxPromptChars: 2500
                currencyUnit: units
                usdPerUnit: 0.1
                image: {formats: [jpeg], maxBytes: 1000000, minEachSide: 300, minAspect: 0.4, maxAspect: 2.5}
                models:
                  - id: kling-v2-1
                    label: Kling 2.1
                    modes: [std]
                    typicalSeconds: 100
                    combinations:
                      - {mode: std, durationSeconds: 5, outputHeight: 720, fps: 24, units: 2}
                """);
        Capabilities c = CapabilitiesLoader.load("kling", file);
        assertThat(c.displayName()).isEqualTo("Kling (discount)");
        assertThat(RequestValidator.estimate(c, req("kling-v2-1", "std", 5, null)).usd()).isCloseTo(0.2, within(1e-9));
        assertThat(CapabilitiesLoader.load("kling", null).displayName()).isEqualTo("Kling AI");
    }

    @Test
    void brokenOverrideFailsWithTheFileName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, "provider: kling\ndefaultModel: nope\nmodels: []\n");
        assertThatThrownBy(() -> CapabilitiesLoader.load("kling", file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.yml");
        Path typo = dir.resolve("typo.yml");
        Files.writeString(typo, "provider: kling\nmodelz: []\n");
        assertThatThrownBy(() -> CapabilitiesLoader.load("kling", typo)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("modelz");
    }
}
