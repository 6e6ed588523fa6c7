package io.storyreel.core.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM with a heap too small for the picture: decodes the file at full size and prints how the
 * decoder answered ("busy", "decoded" or "unreadable"), so a test can see an OutOfMemoryError become "busy".
 */
public final class DecodeInASmallHeap {
    private DecodeInASmallHeap() {
    }

    public static void main(String[] args) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of(args[0]));
        BoundedImageDecoder decoder = new BoundedImageDecoder(1, Duration.ofSeconds(5));
        String first = attempt(decoder, bytes, Integer.MAX_VALUE / 2);
        // after the failed decode its memory is back: a decode that fits still works in the same JVM
        String second = attempt(decoder, bytes, 512);
        System.out.println(first + " then " + second);
    }

    private static String attempt(BoundedImageDecoder decoder, byte[] bytes, int maxLongSide) {
        try {
            decoder.decode(bytes, maxLongSide);
            return "decoded";
        } catch (BoundedImageDecoder.Busy e) {
            return "busy";
        } catch (BoundedImageDecoder.Unreadable e) {
            return "unreadable";
        }
    }
}
