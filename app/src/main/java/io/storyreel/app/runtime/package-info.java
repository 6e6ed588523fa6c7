/**
 * The running bot: {@link io.storyreel.app.runtime.StoryreelRuntime} wires database, blobs, key vault, the installed
 * providers, merger, engine, conversation and the chat adapters from one configuration, and serves provider callbacks
 * on a small hardened HTTP endpoint (secret path, bind address, read deadlines, bounded pool, debounced early polls).
 */
package io.storyreel.app.runtime;
