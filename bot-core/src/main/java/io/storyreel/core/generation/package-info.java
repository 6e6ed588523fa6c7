/**
 * The durable generation engine: it takes a confirmed storybook and turns it into clips (one db-scheduler task per
 * clip), a film (one merge task) and a delivery (one delivery task), reporting every change to the
 * {@link io.storyreel.core.generation.GenerationListener}. It owns the storybook's state from GENERATING on, the
 * {@code clip} and {@code film} tables and the scheduler's table; it never talks to a chat platform and never keeps
 * a provider key beyond the call that needs it.
 */
package io.storyreel.core.generation;
