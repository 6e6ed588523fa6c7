/**
 * {@code storyreel bench merge}: generates clips, then times the merger's copy, normalise and fit paths in this JVM
 * against the ffmpeg CLI bundled in the JavaCV jar on the same inputs, with peak RSS for each.
 */
package io.storyreel.app.bench.merge;
