/**
 * The chat port: what core says to a chat platform and hears from it, in platform-neutral terms. Adapters turn their
 * platform's updates into {@link io.storyreel.core.chat.ChatEvent}s and deliver core's
 * {@link io.storyreel.core.chat.Message}s through a {@link io.storyreel.core.chat.ChatPort}; the
 * {@link io.storyreel.core.chat.CommandCatalog} lists the commands once for every platform, each adapter's
 * {@link io.storyreel.core.chat.CommandSyntax} writes them its platform's way, and
 * {@link io.storyreel.core.chat.ChatLanes} keeps each chat's work in order.
 */
package io.storyreel.core.chat;
