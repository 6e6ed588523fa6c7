package io.storyreel.core.video;

/** The part of a clip that goes into the film, in seconds from the clip's first frame; {@code end <= 0} = to the end. */
record ClipCut(double start, double end) {
    static final ClipCut WHOLE = new ClipCut(0, 0);

    boolean whole() {
        return start <= 0 && end <= 0;
    }

    double length(double clipDuration) {
        double e = end <= 0 ? clipDuration : Math.min(end, clipDuration);
        return Math.max(0, e - Math.max(0, start));
    }
}
