/**
 * {@code storyreel bench scale}: the scale-out deployment on one machine. A chat process and worker processes
 * ({@code storyreel run --role chat|worker}, each its own JVM) on an embedded PostgreSQL, against the Kling simulator
 * and the fake Telegram Bot API in the bench's own JVM, where simulated users order many films at once. Each bot
 * process is watched through its own ops endpoint ({@code /metrics}): heap, threads and pool connections; PostgreSQL
 * counts its connections; each process's CPU time is read from the operating system, and where each film's time went
 * from the database's own times ({@code FilmStages}).
 */
package io.storyreel.app.bench.scale;
