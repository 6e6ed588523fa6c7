/**
 * {@code storyreel bench generation}: Storyreel's durable engine against a sequential baseline on the Kling
 * simulator (run as a separate process, so this JVM's heap and thread figures are the bot's alone), then many
 * storybooks at once. The engine runs in this process with the real Kling client over HTTP; storybooks are made
 * with the storybook repositories instead of through a chat.
 */
package io.storyreel.app.bench.generation;
