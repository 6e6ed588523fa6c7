package io.storyreel.core.logging;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Every secret the process has seen (bot tokens, provider keys, JWTs it minted), and the shapes of keys it has not
 * seen yet (a provider's declared key formats), so the log converters and the chat ports can mask them wherever they
 * appear. This is the one piece of process-wide state on purpose: log output is process-wide too, and a secret must
 * be masked in every logger and every chat, whoever registered it.
 */
public final class SecretRegistry {
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final List<Pattern> SHAPES = new CopyOnWriteArrayList<>();
    private static final Set<String> SHAPE_SOURCES = ConcurrentHashMap.newKeySet();
    private static final int MIN_LENGTH = 6;
    /** A shape matches a whole token only: "task-…" must not lose its "sk-…" tail. */
    private static final String TOKEN_EDGE_BEFORE = "(?<![A-Za-z0-9_\\-.+/=])";
    private static final String TOKEN_EDGE_AFTER = "(?![A-Za-z0-9_\\-+/=])";

    private SecretRegistry() {
    }

    public static void register(String secret) {
        if (secret != null && secret.length() >= MIN_LENGTH) {
            SECRETS.add(secret);
        }
    }

    /**
     * Masks every whole token of this shape from now on, though no such key was ever given to this process (a key
     * pasted into a prompt before the bot recognised it, a key quoted back in a provider's error).
     */
    public static void registerShape(Pattern shape) {
        if (shape != null && SHAPE_SOURCES.add(shape.pattern())) {
            SHAPES.add(Pattern.compile(TOKEN_EDGE_BEFORE + "(?:" + shape.pattern() + ")" + TOKEN_EDGE_AFTER));
        }
    }

    /** Whether {@code text} holds a registered secret or a key-shaped token. */
    public static boolean holdsSecret(String text) {
        return text != null && !text.equals(mask(text));
    }

    /**
     * Replace every registered secret in {@code text} with {@code ***}, also where it appears as {@code spelling}
     * renders it (e.g. JSON-escaped in a JSON log line).
     */
    public static String mask(String text, java.util.function.UnaryOperator<String> spelling) {
        if (text == null) {
            return null;
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

    /** Replace every registered secret, and every token shaped like a key, in {@code text} with {@code ***}. */
    public static String mask(String text) {
        if (text == null || SECRETS.isEmpty() && SHAPES.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : SECRETS) {
            if (out.contains(s)) {
                out = out.replace(s, "***");
            }
        }
        for (Pattern p : SHAPES) {
            out = p.matcher(out).replaceAll("***");
        }
        return out;
    }
}
