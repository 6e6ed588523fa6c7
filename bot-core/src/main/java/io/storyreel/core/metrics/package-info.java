/**
 * What the bot measures about itself, for the operator's Prometheus: one facade ({@link
 * io.storyreel.core.metrics.StoryreelMetrics}) that the engine, the conversation and the chat adapters call with
 * plain values (a provider id, a duration, a byte count), and the gauges read from the database (films and clips by
 * state, the scheduler's queue). Only this package knows Micrometer; which registry serves the numbers (Prometheus in
 * the app) is the app's choice.
 */
package io.storyreel.core.metrics;
