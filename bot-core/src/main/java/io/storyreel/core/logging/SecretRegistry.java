package io.storyreel.core.logging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret the process has seen (bot tokens, provider keys, JWTs it minted), so the log converter can mask
 * them wherever they appear. This is the one piece of process-wide state on purpose: log output is process-wide
 * too, and a secret must be masked in every logger, whoever registered it.
 */
public final class SecretRegistry {
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final int MIN_LENGTH = 6;

    private SecretRegistry() {
    }

    public static void register(String secret) {
        if (secret != null && secret.length() >= MIN_LENGTH) {
            SECRETS.add(secret);
        }
    }

    /**
     * Replace every registered secret in {@code text} with {@code ***}, also where it appears as {@code spelling}
     * renders it (e.g. JSON-escaped in a JSON log line).
     */
    public static String mask(String text, java.util.function.UnaryOperator<String> spelling) {
        if (text == null || SECRETS.isEmpty()) {
            return text;
        }
        String out = mask(text);
        for (String s : SECRETS) {
            String other = spelling.apply(s);
            if (!other.equals(s) && out.contains(other)) {
                out = out.replace(other, "***");
            }
        }
        return out;
    }

    /** Replace every registered secret in {@code text} with {@code ***}. */
    public static String mask(String text) {
        if (text == null || SECRETS.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : SECRETS) {
            if (out.contains(s)) {
                out = out.replace(s, "***");
            }
        }
        return out;
    }
}
