/**
 * A fake Discord for tests and the demo: a REST server (users, gateway discovery, application commands, interaction
 * callbacks, interaction webhooks, channel messages with multipart uploads, a signed CDN) and a real WebSocket
 * gateway (HELLO, IDENTIFY, READY, heartbeats, {@code zlib-stream}) on 127.0.0.1. It speaks only the wire protocol
 * and knows nothing of Discord4J, so the bot under test runs the real library. Tests act as users through
 * {@link io.storyreel.sim.discord.FakeDiscord} and read what the bot posted from it; behind that one public face sit
 * the world (what the fake holds), the REST routes, the gateway, the interaction driver and the JSON rendering.
 */
package io.storyreel.sim.discord;
