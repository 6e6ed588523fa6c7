/**
 * Image checks when a photo is collected, before any money is spent, in bounded memory.
 * {@link io.storyreel.core.image.ImageInspector} checks its real type, size and wholeness without decoding it at full
 * size, and refuses with a sentence the user understands; {@link io.storyreel.core.image.OrientationNormaliser} then
 * makes the form that is stored (upright, first frame, 8-bit sRGB), so everything after collection sees the picture
 * as the user does. Every decode goes through {@link io.storyreel.core.image.BoundedImageDecoder}: subsampled while
 * reading, a few large ones at a time, and "busy" rather than "damaged" when memory is short.
 * {@link io.storyreel.core.image.JpegEncoder} writes JPEGs for this package and for the provider side, where
 * {@code provider.http.ImagePreparer} fits a stored photo to one provider's constraints through the same decoder.
 * This package knows nothing of providers, transports or chat platforms.
 */
package io.storyreel.core.image;
