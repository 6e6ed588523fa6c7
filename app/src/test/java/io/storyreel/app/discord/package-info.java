/**
 * Issue 8's end-to-end proofs for Discord through the real stack: {@code StoryreelRuntime} (db-scheduler engine, Tink
 * vault, Kling client, JavaCV merger, core conversation, Discord4J adapter) against the Kling simulator and the fake
 * Discord (REST and WebSocket gateway) on 127.0.0.1. Everything shares the fake Discord's clock, so a test can age
 * interaction tokens by advancing it. Nothing here touches the Telegram side.
 */
package io.storyreel.app.discord;
