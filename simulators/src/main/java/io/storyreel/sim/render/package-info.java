/**
 * Turns an input photo into the clip a video provider would return: a slow zoom over the image encoded as H.264 MP4
 * (faststart) with JavaCV, at a given short side or an exact size (crop or pad), frame rate and length, with or without
 * an AAC track, cached on disk by content; given an end image too, a clip that moves from the start image into the end
 * image (its first frame the one, its last the other), as first-and-last-frame models return. Used only by the
 * simulators; the bot's own merging lives in {@code io.storyreel.core.video}.
 */
package io.storyreel.sim.render;
