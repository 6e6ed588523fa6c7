/**
 * Turns an input photo into the clip a video provider would return: a slow zoom over the image encoded as H.264 MP4
 * (faststart) with JavaCV, at a given short side, frame rate, length, with or without an AAC track, cached on disk by
 * content. Used only by the simulators; the bot's own merging lives in {@code io.storyreel.core.video}.
 */
package io.storyreel.sim.render;
