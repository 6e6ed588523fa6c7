package io.storyreel.core.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.storyreel.core.config.ConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The style presets {@code /style} offers: the bundled {@code styles.yml}, plus an operator's file of the same shape
 * whose presets are added or replace bundled ones by name, so a new style needs no code. A broken file fails start-up
 * with one line naming it.
 */
public final class StylePresets {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * One preset: its {@code name}, a one-line {@code description}, the {@code style} added to every prompt, a
     * {@code negative} prompt and parameter defaults by name (canonical text; used where the model declares them).
     */
    public record Preset(String name, String description, String style, String negative,
                         Map<String, String> parameters) {
        public Preset {
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        }
    }

    /** The file's shape. */
    record File(List<Preset> presets) {
    }

    private final Map<String, Preset> byName;

    private StylePresets(Map<String, Preset> byName) {
        this.byName = byName;
    }

    public static StylePresets bundled() {
        return load(null);
    }

    /** The bundled presets, then the operator's file (when set) over them. */
    public static StylePresets load(Path operatorFile) {
        Map<String, Preset> out = new LinkedHashMap<>();
        try (InputStream in = StylePresets.class.getClassLoader().getResourceAsStream("styles.yml")) {
            add(out, YAML.readValue(in, File.class), "bundled styles.yml");
        } catch (IOException e) {
            throw new ConfigException("cannot read bundled styles.yml: " + e.getMessage());
        }
        if (operatorFile != null) {
            try (InputStream in = Files.newInputStream(operatorFile)) {
                add(out, YAML.readValue(in, File.class), operatorFile.toString());
            } catch (IOException e) {
                throw new ConfigException(operatorFile + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
            }
        }
        return new StylePresets(out);
    }

    private static void add(Map<String, Preset> out, File file, String source) {
        if (file == null || file.presets() == null) {
            throw new ConfigException(source + ": no presets");
        }
        for (Preset p : file.presets()) {
            if (p.name() == null || Template.validName(p.name()).isEmpty() || p.description() == null
                    || p.style() == null) {
                throw new ConfigException(source + ": each preset needs a name (letters, digits, - or _), a description"
                        + " and a style: " + p.name());
            }
            out.put(p.name().toLowerCase(Locale.ROOT), p);
        }
    }

    public List<Preset> all() {
        return List.copyOf(byName.values());
    }

    public Optional<Preset> find(String name) {
        return Optional.ofNullable(byName.get(name == null ? "" : name.strip().toLowerCase(Locale.ROOT)));
    }
}
