package io.storyreel.core.provider.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.storyreel.core.config.ConfigException;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.ModelSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a provider's {@link Capabilities} from the bundled {@code providers/<id>.yml}, or from an operator's
 * override file (which replaces the bundled one whole), so prices and models change without a release. A
 * combination without {@code usd} gets {@code units * usdPerUnit}; each model's parameters are completed from the
 * provider's declarations ({@link ParameterDeclarations}). A broken file fails start-up with one line that
 * names the file and the problem.
 */
public final class CapabilitiesLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private CapabilitiesLoader() {
    }

    public static Capabilities bundled(String provider) {
        String resource = "providers/" + provider + ".yml";
        try (InputStream in = CapabilitiesLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException("no bundled capabilities for provider '" + provider + "'");
            }
            return parse(in, "bundled " + resource, provider);
        } catch (IOException e) {
            throw new ConfigException("cannot read bundled " + resource + ": " + e.getMessage());
        }
    }

    /** The override file when it is set (not null, not empty), else the bundled resource. */
    public static Capabilities load(String provider, Path overrideFile) {
        if (overrideFile == null || overrideFile.toString().isBlank()) {
            return bundled(provider);
        }
        try (InputStream in = Files.newInputStream(overrideFile)) {
            return parse(in, overrideFile.toString(), provider);
        } catch (IOException e) {
            throw new ConfigException(provider + ".capabilities-file: cannot read " + overrideFile + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    static Capabilities parse(InputStream in, String source, String provider) {
        Capabilities raw;
        try {
            raw = YAML.readValue(in, Capabilities.class);
        } catch (IOException e) {
            throw new ConfigException(source + ": " + firstLine(e.getMessage()));
        }
        return validated(raw, source, provider);
    }

    private static Capabilities validated(Capabilities c, String source, String provider) {
        if (!provider.equals(c.provider())) {
            throw new ConfigException(source + ": provider is '" + c.provider() + "', expected '" + provider + "'");
        }
        if (c.models() == null || c.models().isEmpty()) {
            throw new ConfigException(source + ": no models");
        }
        if (c.image() == null || c.image().formats() == null || c.image().minAspect() >= c.image().maxAspect()
                || c.image().maxBytes() <= 0 || c.image().maxLongSide() < c.image().minEachSide()) {
            throw new ConfigException(source + ": image constraints missing or inconsistent");
        }
        if (c.maxPromptChars() <= 0 || c.usdPerUnit() <= 0) {
            throw new ConfigException(source + ": maxPromptChars and usdPerUnit must be positive");
        }
        Set<String> ids = new HashSet<>();
        List<ModelSpec> models = new ArrayList<>();
        for (ModelSpec m : c.models()) {
            if (m.id() == null || !ids.add(m.id())) {
                throw new ConfigException(source + ": model id missing or repeated: " + m.id());
            }
            if (m.combinations() == null || m.combinations().isEmpty()) {
                throw new ConfigException(source + ": model " + m.id() + " has no combinations");
            }
            List<String> modes = m.modes() == null ? List.of() : m.modes();
            List<ModelSpec.Combination> combos = new ArrayList<>();
            for (ModelSpec.Combination k : m.combinations()) {
                boolean modeOk = modes.isEmpty() ? k.mode() == null : modes.contains(k.mode());
                if (!modeOk || k.durationSeconds() <= 0 || k.units() < 0) {
                    throw new ConfigException(source + ": model " + m.id() + " has an invalid combination " + k);
                }
                double usd = k.usd() > 0 ? k.usd() : Math.round(k.units() * c.usdPerUnit() * 10_000) / 10_000.0;
                combos.add(new ModelSpec.Combination(k.mode(), k.durationSeconds(), k.resolution(), k.outputHeight(),
                        k.fps(), k.audio(), k.units(), usd));
            }
            models.add(new ModelSpec(m.id(), m.label() == null ? m.id() : m.label(), modes, List.copyOf(combos),
                    m.typicalSeconds(), m.extra() == null ? java.util.Map.of() : m.extra(),
                    ParameterDeclarations.resolve(source, m.id(), modes, combos, c.parameters(), m.parameters())));
        }
        if (models.stream().noneMatch(m -> m.id().equals(c.defaultModel()))) {
            throw new ConfigException(source + ": defaultModel '" + c.defaultModel() + "' is not among the models");
        }
        return new Capabilities(c.provider(), c.displayName(), List.copyOf(models), c.defaultModel(), c.image(),
                c.maxPromptChars(), c.currencyUnit(), c.usdPerUnit(), c.parameters());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
