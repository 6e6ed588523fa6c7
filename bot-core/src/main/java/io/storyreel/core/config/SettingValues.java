package io.storyreel.core.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reading one flat setting: each method takes the flattened settings and a dotted key, checks the value against what
 * the setting allows, and answers it typed, or throws a {@link ConfigException} naming the key and what it takes.
 */
final class SettingValues {
    private SettingValues() {
    }

    static String bindAddress(Map<String, String> f) {
        String v = req(f, "callbacks.bind-address");
        boolean ipv4 = v.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = v.matches("[0-9A-Fa-f:.]+") && v.contains(":");
        if (!ipv4 && !ipv6 && !v.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            throw new ConfigException("callbacks.bind-address: not an IP address or host name: '" + v + "'");
        }
        return v;
    }

    static String secret(Map<String, String> f) {
        String v = f.getOrDefault("callbacks.secret", "").trim();
        if (!v.isEmpty() && !v.matches("[A-Za-z0-9_-]{16,128}")) {
            throw new ConfigException("callbacks.secret: 16 to 128 letters, digits, '-' or '_' (or empty to let the "
                    + "bot make one)");
        }
        return v;
    }

    /** 0 (no cap), or 0.01 to 100000 dollars. */
    static double dollars(Map<String, String> f, String key) {
        String v = req(f, key);
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || d < 0 || d > 100_000 || (d > 0 && d < 0.01)) {
                throw new ConfigException(key + ": must be 0 (no cap) or between 0.01 and 100000 dollars, not " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": must be a number of dollars, not '" + v + "'");
        }
    }

    static java.time.ZoneId zone(Map<String, String> f, String key) {
        String v = req(f, key);
        try {
            return java.time.ZoneId.of(v);
        } catch (java.time.DateTimeException e) {
            throw new ConfigException(key + ": not a time zone id (such as UTC or Europe/Berlin): '" + v + "'");
        }
    }

    /** 0 = keep for ever (null), else 1 to 36500 days. */
    static java.time.Duration days(Map<String, String> f, String key) {
        int d = intIn(f, key, 0, 36_500);
        return d == 0 ? null : java.time.Duration.ofDays(d);
    }

    static boolean bool(Map<String, String> f, String key) {
        String v = req(f, key).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(key + ": must be true or false, not '" + v + "'");
        };
    }

    /** A list setting: YAML items ({@code key[0]}, {@code key[1]} …) and/or comma-separated text (from the environment). */
    static List<String> list(Map<String, String> f, String key) {
        List<String> out = new ArrayList<>();
        for (int i = 0; f.containsKey(key + "[" + i + "]"); i++) {
            out.add(f.get(key + "[" + i + "]").trim());
        }
        for (String s : f.getOrDefault(key, "").split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return List.copyOf(out);
    }

    static String oneOf(Map<String, String> f, String key, String... allowed) {
        String v = req(f, key).toLowerCase(Locale.ROOT);
        if (!List.of(allowed).contains(v)) {
            throw new ConfigException(key + ": must be " + String.join(" or ", allowed) + ", not '" + f.get(key) + "'");
        }
        return v;
    }

    static String req(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException(key + ": missing (set it in the config file or " + ConfigLoader.envName(key) + ")");
        }
        return v.trim();
    }

    static String url(Map<String, String> f, String key) {
        String v = req(f, key);
        return checkUrl(key, v);
    }

    static String optionalUrl(Map<String, String> f, String key) {
        String v = f.getOrDefault(key, "");
        return v.isBlank() ? "" : checkUrl(key, v.trim());
    }

    static String checkUrl(String key, String v) {
        try {
            URI u = new URI(v);
            if (u.getScheme() == null || u.getHost() == null
                    || !List.of("http", "https", "ws", "wss").contains(u.getScheme())) {
                throw new ConfigException(key + ": not an http(s) URL: '" + v + "'");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(key + ": not a valid URL: '" + v + "'");
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    static int intIn(Map<String, String> f, String key, int min, int max) {
        String v = req(f, key);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new ConfigException(key + ": must be between " + min + " and " + max + ", not " + i);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": must be a whole number, not '" + v + "'");
        }
    }

    /** Megabytes, fractions allowed (a test limit of 100 KB is 0.098). */
    static long mb(Map<String, String> f, String key, double min, double max) {
        String v = req(f, key);
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": must be a number of megabytes, not '" + v + "'");
        }
        if (!(d >= min && d <= max)) {
            throw new ConfigException(key + ": must be between " + plain(min) + " and " + plain(max) + " MB, not " + v);
        }
        return (long) (d * 1024 * 1024);
    }

    static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** A folder: need not exist yet (it is created at start), but must not be a file. */
    static Path folder(Map<String, String> f, String key) {
        Path p = path(f, key, req(f, key));
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new ConfigException(key + ": " + p + " is a file, not a folder");
        }
        return p;
    }

    /** {@link #folder}, or null when blank. */
    static Path optionalFolder(Map<String, String> f, String key) {
        return f.getOrDefault(key, "").isBlank() ? null : folder(f, key);
    }

    /** A file that may not exist yet (created at start), or null when blank; never a folder. */
    static Path optionalFile(Map<String, String> f, String key) {
        String v = f.getOrDefault(key, "").trim();
        if (v.isEmpty()) {
            return null;
        }
        Path p = path(f, key, v);
        if (Files.isDirectory(p)) {
            throw new ConfigException(key + ": " + p + " is a folder, not a file");
        }
        return p;
    }

    static Path path(Map<String, String> f, String key, String v) {
        try {
            return Path.of(v.trim());
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException(key + ": not a valid path: '" + v.trim() + "'");
        }
    }
}
