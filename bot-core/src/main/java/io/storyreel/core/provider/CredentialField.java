package io.storyreel.core.provider;

import java.util.Locale;

/**
 * One key a user gives for a provider: {@code name} as stored and as typed after {@code /setkeys <provider>}
 * (in order), and {@code label} as a form shows it ("Access key").
 */
public record CredentialField(String name, String label) {

    /** A field labelled after its name: {@code accessKey} becomes "Access key". */
    public static CredentialField named(String name) {
        StringBuilder words = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c) && !words.isEmpty()) {
                words.append(' ').append(Character.toLowerCase(c));
            } else {
                words.append(words.isEmpty() ? Character.toUpperCase(c) : c);
            }
        }
        return new CredentialField(name, words.toString());
    }

    /** The name in snake case ({@code accessKey} → {@code access_key}), for ids in forms and environment names. */
    public String snakeName() {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
