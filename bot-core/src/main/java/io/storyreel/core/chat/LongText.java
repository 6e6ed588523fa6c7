package io.storyreel.core.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Text fitted to a chat platform's length limit (Telegram 4,096 characters a message and 1,024 a caption, Discord
 * 2,000), counted in UTF-16 units as both platforms count them. Core writes texts without a limit in mind (a
 * {@code /list} of six long prompts runs past 10,000 characters); adapters split a message into several, or trim a
 * caption or an edit, which cannot become several, with an ellipsis. Cuts fall on a line break, else a space, and
 * never inside a surrogate pair.
 */
public final class LongText {
    private static final String ELLIPSIS = "…";

    private LongText() {
    }

    /** Parts of at most {@code limit} characters that together hold all of {@code text}; none is blank. */
    public static List<String> split(String text, int limit) {
        if (limit < 2) {
            throw new IllegalArgumentException("limit must be at least 2");
        }
        List<String> parts = new ArrayList<>();
        String rest = text == null ? "" : text;
        while (rest.length() > limit) {
            int cut = breakBefore(rest, limit);
            add(parts, rest.substring(0, cut));
            rest = rest.substring(cut);
            // the break itself (a newline or a space) is not carried into the next message
            if (!rest.isEmpty() && (rest.charAt(0) == '\n' || rest.charAt(0) == ' ')) {
                rest = rest.substring(1);
            }
        }
        add(parts, rest);
        if (parts.isEmpty()) {
            parts.add(text == null ? "" : text);
        }
        return parts;
    }

    /** {@code text} itself when it fits, else its start and an ellipsis, {@code limit} characters in all. */
    public static String trim(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        int cut = limit - ELLIPSIS.length();
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut) + ELLIPSIS;
    }

    /** Where to cut: the last line break in the second half of the window, else the last space, else the limit. */
    private static int breakBefore(String text, int limit) {
        int newline = text.lastIndexOf('\n', limit);
        if (newline >= limit / 2) {
            return newline;
        }
        int space = text.lastIndexOf(' ', limit);
        if (space >= limit / 2) {
            return space;
        }
        return Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
    }

    private static void add(List<String> parts, String part) {
        if (!part.isBlank()) {
            parts.add(part);
        }
    }
}
