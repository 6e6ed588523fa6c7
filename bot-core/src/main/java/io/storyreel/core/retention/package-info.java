/**
 * Housekeeping that keeps a long-running bot's disk finite: the retention sweep (files of finished storybooks past
 * their retention deleted, rows kept and stamped), the temporary-file sweep, and the small db-scheduler that runs
 * such {@link io.storyreel.core.retention.RecurringJob}s on its own table so exactly one process runs each at a time.
 */
package io.storyreel.core.retention;
