package io.storyreel.core.provider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * One provider as a unit the bot can install: its id, its name, the section of the configuration file it reads, the
 * keys a user gives, the defaults of its settings, how to build its client from a {@link ProviderContext}, and how
 * to read its callback bodies. A provider is one package plus one line in
 * {@code META-INF/services/io.storyreel.core.provider.VideoProviderFactory} and its capabilities YAML
 * ({@code providers/<id>.yml}); configuration, the key vault, the engine, the callback server and the chat menus all
 * iterate {@link #installed()}.
 */
public interface VideoProviderFactory {
    /** Short id used in configuration, commands and storage: lower-case letters and digits ({@code kling}). */
    String id();

    /** The provider's name for people ("Kling AI"). */
    String displayName();

    /** The top-level section of the configuration file with this provider's settings. */
    default String configSection() {
        return id();
    }

    /** The keys a user gives, in the order they are typed. */
    List<CredentialField> credentials();

    ProviderDefaults defaults();

    /**
     * The shortest gap between two polls of one task this provider's documentation asks for; where it states none, a
     * conservative 5 s (Kling's cadence is 5–10 s, Runway "not more frequent than once every five seconds").
     */
    default java.time.Duration minPollInterval() {
        return java.time.Duration.ofSeconds(5);
    }

    VideoProvider create(ProviderContext context);

    /** How to read the bodies this provider POSTs to its callback URL. */
    default CallbackReader callbackReader() {
        return CallbackReader.NONE;
    }

    /**
     * How to read this provider's callbacks when reading needs more than the body: the HTTP client, the clock and the
     * provider's settings of {@code context} (fal fetches the keys its webhook signatures are checked with). By
     * default the reader of {@link #callbackReader()}.
     */
    default CallbackReader callbackReader(ProviderContext context) {
        return callbackReader();
    }

    /**
     * Every factory registered through {@link ServiceLoader}, in id order (so menus do not depend on the class
     * path's order).
     *
     * @throws IllegalStateException when two factories claim one id, or an id is not lower-case letters and digits
     */
    static List<VideoProviderFactory> installed() {
        List<VideoProviderFactory> out = new ArrayList<>();
        ServiceLoader.load(VideoProviderFactory.class, VideoProviderFactory.class.getClassLoader()).forEach(out::add);
        return checked(out);
    }

    /** {@code factories} in id order, after the checks of {@link #installed()}. */
    static List<VideoProviderFactory> checked(List<VideoProviderFactory> factories) {
        Set<String> ids = new HashSet<>();
        for (VideoProviderFactory f : factories) {
            if (!f.id().matches("[a-z][a-z0-9]*")) {
                throw new IllegalStateException("provider id '" + f.id() + "' must be lower-case letters and digits");
            }
            if (!ids.add(f.id())) {
                throw new IllegalStateException("two providers are registered as '" + f.id() + "'");
            }
        }
        List<VideoProviderFactory> sorted = new ArrayList<>(factories);
        sorted.sort(Comparator.comparing(VideoProviderFactory::id));
        return List.copyOf(sorted);
    }
}
