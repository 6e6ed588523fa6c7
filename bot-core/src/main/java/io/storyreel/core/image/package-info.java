/**
 * Image checks before any money is spent, in bounded memory. When a photo is collected,
 * {@link io.storyreel.core.image.ImageInspector} checks its real type, size and wholeness without decoding it at
 * full size, and refuses with a sentence the user understands; {@link io.storyreel.core.image.OrientationNormaliser}
 * then makes the form that is stored (upright, first frame, 8-bit sRGB), so everything after collection sees the
 * picture as the user does. Later {@link io.storyreel.core.image.ImagePreparer} takes the stored photo and a
 * provider's {@link io.storyreel.core.provider.ImageConstraints} and either passes it through untouched, fixes it
 * without harm (downscale to the provider's longest useful side, re-encode an unsupported format as JPEG, pad to the
 * aspect-ratio limit, shrink under the byte limit) or refuses it with a reason a user understands. Every decode goes
 * through {@link io.storyreel.core.image.BoundedImageDecoder}: subsampled while reading, a few large ones at a time,
 * and "busy" rather than "damaged" when memory is short. It knows nothing of transports (base64, data URLs) or chat
 * platforms.
 */
package io.storyreel.core.image;
