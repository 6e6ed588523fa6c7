/**
 * Image checks when a photo is collected, before any money is spent. {@link io.storyreel.core.image.ImageInspector}
 * checks its real type and size without decoding, and {@link io.storyreel.core.image.OrientationNormaliser} turns a
 * camera JPEG stored sideways (EXIF Orientation 2–8) upright, so everything after collection sees the picture as the
 * user does. {@link io.storyreel.core.image.JpegEncoder} writes JPEGs for this package and for the provider side,
 * where {@code provider.http.ImagePreparer} fits a stored photo to one provider's constraints. This package knows
 * nothing of providers, transports or chat platforms.
 */
package io.storyreel.core.image;
