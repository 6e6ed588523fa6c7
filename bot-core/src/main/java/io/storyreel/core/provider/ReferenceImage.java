package io.storyreel.core.provider;

/**
 * An image a model keeps in view while it makes the clip (Veo 3.1 {@code referenceImages}: a person or object to
 * stay the same), as bytes with their MIME type. Not a frame of the clip.
 */
public record ReferenceImage(byte[] bytes, String mime) {
    @Override
    public String toString() {
        return "ReferenceImage[" + mime + ", " + (bytes == null ? 0 : bytes.length) + " bytes]";
    }
}
