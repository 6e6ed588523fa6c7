/**
 * Builds the installed providers ({@link io.storyreel.core.provider.VideoProviderFactory#installed()}) from
 * configuration: each one's capabilities (bundled {@code providers/<id>.yml} or the operator's override file), base URL,
 * request rate and callback URL. The app asks it once for the clients, the callback readers and the directory the chat
 * adapters show.
 */
package io.storyreel.core.provider.registry;
