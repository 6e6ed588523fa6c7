/**
 * Image checks before any money is spent: {@link io.storyreel.core.image.ImagePreparer} takes a user's photo and a
 * provider's {@link io.storyreel.core.provider.ImageConstraints} and either passes it through untouched, fixes it
 * without harm (re-encode an unsupported format as JPEG, pad to the aspect-ratio limit, downscale over the byte
 * limit) or refuses it with a reason a user understands. It knows nothing of transports (base64, data URLs).
 */
package io.storyreel.core.image;
