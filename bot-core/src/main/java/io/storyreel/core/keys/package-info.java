/**
 * The key vault: users' provider keys encrypted at rest with Tink AEAD (AES-256-GCM) under a master keyset that
 * comes from a file or the {@code STORYREEL_MASTER_KEYSET} environment variable. The vault owns the
 * {@code credential} table; nothing else reads or writes it, and nothing outside this package sees a key except
 * the provider call that needs it.
 */
package io.storyreel.core.keys;
