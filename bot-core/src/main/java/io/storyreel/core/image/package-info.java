/**
 * Image checks before any money is spent. When a photo is collected, {@link io.storyreel.core.image.ImageInspector}
 * checks its real type and size without decoding, and {@link io.storyreel.core.image.OrientationNormaliser} turns a
 * camera JPEG stored sideways (EXIF Orientation 2–8) upright, so everything after collection sees the picture as the
 * user does. Later {@link io.storyreel.core.image.ImagePreparer} takes the stored photo and a provider's
 * {@link io.storyreel.core.provider.ImageConstraints} and either passes it through untouched, fixes it without harm
 * (re-encode an unsupported format as JPEG, pad to the aspect-ratio limit, downscale over the byte limit) or refuses
 * it with a reason a user understands. It knows nothing of transports (base64, data URLs) or chat platforms.
 */
package io.storyreel.core.image;
