/**
 * The shared kit of the task-based video API simulators (Kling, MiniMax, Runway, fal.ai, Google Veo): a client creates
 * a paid task, polls it until it finishes and downloads the result. Here are their settings
 * ({@link io.storyreel.sim.taskapi.SimSettings}), the call journal and the charges tests assert on, the fault rules
 * tests arm (also through {@code /__admin}), the embedded HTTP server on 127.0.0.1, the clock-driven task life cycle
 * (with tasks held before they start, and {@link io.storyreel.sim.taskapi.ConcurrencySlots} for providers that queue
 * work beyond a concurrency limit instead of refusing it), status callbacks and one-shot signed webhooks with retries,
 * signed download URLs, and input-image probing and fetching. Nothing here knows a provider's wire format; that lives
 * in the provider packages ({@code kling}, {@code minimax}, {@code runway}, {@code fal}, {@code veo}). This package
 * never uses the bot's clients.
 */
package io.storyreel.sim.taskapi;
