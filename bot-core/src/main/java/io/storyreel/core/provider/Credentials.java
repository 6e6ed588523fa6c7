package io.storyreel.core.provider;

import java.util.Map;
import java.util.TreeMap;

/**
 * A user's keys for one provider, e.g. Kling {@code accessKey}/{@code secretKey}, MiniMax {@code apiKey}
 * (and optional {@code groupId}). {@link #toString()} never shows values.
 */
public record Credentials(Map<String, String> values) {
    public Credentials {
        values = Map.copyOf(values);
    }

    public static Credentials of(String k1, String v1) {
        return new Credentials(Map.of(k1, v1));
    }

    public static Credentials of(String k1, String v1, String k2, String v2) {
        return new Credentials(Map.of(k1, v1, k2, v2));
    }

    public String require(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw ProviderException.problem(Problem.KEYS_MISSING).field(name).raw("missing_" + name)
                    .message("The " + name + " key is missing.").build();
        }
        return v;
    }

    public String get(String name) {
        return values.get(name);
    }

    /** Each value shown as its first 4 characters and a mask, for replies like "kling: AKab…(36 chars)". */
    public Map<String, String> masked() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, mask(v)));
        return out;
    }

    public static String mask(String v) {
        if (v == null) {
            return "";
        }
        String head = v.length() > 8 ? v.substring(0, 4) : "";
        return head + "…" + "(" + v.length() + " chars)";
    }

    @Override
    public String toString() {
        return "Credentials" + values.keySet() + "(values hidden)";
    }
}
