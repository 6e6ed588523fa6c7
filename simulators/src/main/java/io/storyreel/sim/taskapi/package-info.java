/**
 * The shared kit of the task-based video API simulators (Kling, MiniMax): a client creates a paid task, polls it until
 * it finishes and downloads the result. Here are their settings ({@link io.storyreel.sim.taskapi.SimSettings}), the
 * call journal tests assert on, the fault rules tests arm (also through {@code /__admin}), the embedded HTTP server on
 * 127.0.0.1, the clock-driven task life cycle, status callbacks and input-image probing. Nothing here knows a
 * provider's wire format; that lives in {@code io.storyreel.sim.kling} and {@code io.storyreel.sim.minimax}. This
 * package never uses the bot's clients.
 */
package io.storyreel.sim.taskapi;
