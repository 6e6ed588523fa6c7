/**
 * Test helpers shipped in bot-core's test-jar: {@link io.storyreel.core.video.testing.TestClips} generates tiny clips
 * inside a test, {@link io.storyreel.core.video.testing.Mp4Checks} checks a merged film independently of the merger.
 */
package io.storyreel.core.video.testing;
