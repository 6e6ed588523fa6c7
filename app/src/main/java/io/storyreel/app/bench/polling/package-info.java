/**
 * {@code storyreel bench polling}: replays clip-time distributions against the engine's fixed and adaptive poll
 * schedules on a simulated clock, through the engine's own {@link io.storyreel.core.generation.PollSchedule}.
 */
package io.storyreel.app.bench.polling;
