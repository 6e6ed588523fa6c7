package io.storyreel.core.template;

import io.storyreel.core.storybook.StorybookSettings;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A saved template: {@code scope} says whose it is ({@link Scope#USER}: the member {@code ownerKey}, in any chat;
 * {@link Scope#CHAT}: every member of the group chat {@code ownerKey}, there only). {@code prompts} are the scenes'
 * prompts in order (empty when saved without them; a scene without a prompt is an empty string).
 */
public record Template(String id, Scope scope, String ownerKey, String name, String savedBy, String provider,
                       StorybookSettings settings, List<String> prompts, long createdAt) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    /** Whose a template is. */
    public enum Scope { USER, CHAT }

    public Template {
        prompts = prompts == null ? List.of() : List.copyOf(prompts);
    }

    /** The name as stored (lower case), or empty when it is not a valid name: 1-32 letters, digits, - or _. */
    public static Optional<String> validName(String raw) {
        String n = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        return NAME.matcher(n).matches() ? Optional.of(n) : Optional.empty();
    }
}
