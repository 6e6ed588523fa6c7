/**
 * The durable generation engine: it takes a confirmed storybook and turns it into clips (one db-scheduler task per
 * clip, which also normalises the clip onto the film's canvas as soon as it is downloaded, {@code FilmCanvas}), a
 * film (one merge task, a copy of the normalised clips when they all have one) and a delivery (one delivery task), reporting every change to the
 * {@link io.storyreel.core.generation.GenerationListener}. From the confirmation on it alone writes the storybook's
 * state, and it owns the {@code clip} and {@code film} tables and the scheduler's table. It never talks to a chat
 * platform: the upload limit is recorded when the film is started, the film is handed to the listener and the
 * listener's acknowledgement closes the storybook. It writes no sentences: refusals, pauses and failures are
 * {@link io.storyreel.core.generation.EngineReason}s the conversation words. It never keeps a provider key beyond the
 * call that needs it.
 */
package io.storyreel.core.generation;
