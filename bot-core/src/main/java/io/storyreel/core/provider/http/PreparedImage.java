package io.storyreel.core.provider.http;

import java.util.List;

/** An image that meets a provider's constraints, and what was done to it (empty when it passed untouched). */
public record PreparedImage(byte[] bytes, String mime, int width, int height, List<String> fixes) {
    public boolean changed() {
        return !fixes.isEmpty();
    }

    @Override
    public String toString() {
        return "PreparedImage[" + mime + " " + width + "x" + height + ", " + bytes.length + " bytes, fixes=" + fixes + "]";
    }
}
