/**
 * The operator's view of a running installation, read from the shared database alone (so any process, or the
 * {@code storyreel status} command on another machine, sees the same): films running, the queue per provider,
 * failures of the last hour and today's estimated spend. Used by {@code storyreel status} and by {@code /ops} in a
 * private chat with an allow-listed operator.
 */
package io.storyreel.core.ops;
