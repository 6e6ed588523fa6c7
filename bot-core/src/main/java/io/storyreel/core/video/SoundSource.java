package io.storyreel.core.video;

/** One clip's (or the music's) sound as 48 kHz interleaved stereo float, read in order; silence past its end. */
interface SoundSource extends AutoCloseable {
    /** Reads up to {@code n} stereo samples into {@code dst} from {@code off}; fewer only when the sound has ended. */
    int readSome(float[] dst, int off, int n);

    /** Fills exactly {@code n} stereo samples, with silence past the end. */
    default void read(float[] dst, int off, int n) {
        int got = readSome(dst, off, n);
        java.util.Arrays.fill(dst, off + 2 * got, off + 2 * n, 0f);
    }

    @Override
    void close();
}
