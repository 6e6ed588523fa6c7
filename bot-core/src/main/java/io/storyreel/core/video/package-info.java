/**
 * Video: probing provider clips and merging them into one MP4 with JavaCV (FFmpeg GPL natives, libx264). The
 * {@link io.storyreel.core.video.JavacvMerger} copies video packets when every clip has the same H.264 parameters,
 * normalises and re-encodes otherwise, always re-encodes the sound so it stays in sync at every join, and can fit a
 * byte limit. It knows nothing of chats, providers or storage: it takes file paths and options, and writes a file.
 */
package io.storyreel.core.video;
