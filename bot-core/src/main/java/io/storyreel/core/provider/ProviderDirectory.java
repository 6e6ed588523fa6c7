package io.storyreel.core.provider;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What a chat adapter may know of the providers this bot offers, in menu order: each one's id, name for people and
 * the keys a user gives. Adapters draw their provider choices and key forms from it instead of naming providers.
 */
public record ProviderDirectory(List<Entry> entries) {

    /** One provider as a chat shows it. */
    public record Entry(String id, String displayName, List<CredentialField> credentials) {
        public Entry {
            credentials = List.copyOf(credentials);
        }
    }

    public ProviderDirectory {
        entries = List.copyOf(entries);
    }

    /** The directory of these providers, named as their capabilities name them. */
    public static ProviderDirectory of(Collection<? extends VideoProvider> providers) {
        return new ProviderDirectory(providers.stream()
                .map(p -> new Entry(p.id(), p.capabilities().displayName(), p.credentials())).toList());
    }

    public Optional<Entry> find(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    public List<String> ids() {
        return entries.stream().map(Entry::id).toList();
    }
}
