/**
 * Video: probing provider clips and merging them into one MP4 with JavaCV (FFmpeg GPL natives, libx264). The
 * {@link io.storyreel.core.video.JavacvMerger} copies video packets when every clip has the same H.264 parameters,
 * normalises and re-encodes otherwise. On the copy path the sound is spliced: each clip's own AAC frames are copied and
 * only the frames around each join are decoded and encoded again, so it stays in sync at every join ({@code AacSplice});
 * sound that cannot be spliced, and music, get one encoded track; a film of silent clips gets repeated silent AAC
 * frames, at the cost of a copy. It fits a byte limit with one sized encode when
 * the source is clearly over it. After the merge, {@link io.storyreel.core.video.MusicMixer} makes the film's sound
 * again when the storybook asks for it: the clips' sound kept or dropped, music looped or trimmed to the film, faded
 * out and ducked under the clips' sound, the picture copied as it is. Before the merge, {@code ClipNormaliser}
 * ({@link io.storyreel.core.video.Merger#normalise}) brings each clip onto the film's
 * {@link io.storyreel.core.video.Canvas} as it lands, its caption and the film's title burned in
 * ({@link io.storyreel.core.video.BurnedText}, drawn by the merge's own {@code TextFilters}), so that clips of different
 * providers, sizes, rates and sound, captioned or titled, merge by copy. It knows nothing of chats, providers or storage: it takes file paths and options, and writes a file.
 */
package io.storyreel.core.video;
