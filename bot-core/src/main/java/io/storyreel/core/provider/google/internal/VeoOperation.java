package io.storyreel.core.provider.google.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * A long-running operation (spec §3.3): {@code done} may be missing while it runs; when done it has either an
 * {@code error} ({@code google.rpc.Status}) or a {@code response} whose samples carry the video as a {@code uri} or
 * inline ({@code encodedVideo}), or no samples at all with the safety filter's count and reasons.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VeoOperation(String name, Boolean done, Status error, Response response) {

    public boolean finished() {
        return Boolean.TRUE.equals(done);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Status(Integer code, String message, String status) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Response(GenerateVideoResponse generateVideoResponse) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GenerateVideoResponse(List<Sample> generatedSamples, Integer raiMediaFilteredCount,
                                        List<String> raiMediaFilteredReasons) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Sample(Video video) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Video(String uri, String encodedVideo, String encoding) {
        @Override
        public String toString() {
            return "Video[uri=" + (uri != null) + ", inline=" + (encodedVideo != null) + "]";
        }
    }

    /** The first sample's video, or null when the operation returned none. */
    public Video firstVideo() {
        GenerateVideoResponse r = response == null ? null : response.generateVideoResponse();
        if (r == null || r.generatedSamples() == null) {
            return null;
        }
        return r.generatedSamples().stream().map(Sample::video).filter(v -> v != null
                && (v.uri() != null && !v.uri().isBlank() || v.encodedVideo() != null && !v.encodedVideo().isBlank()))
                .findFirst().orElse(null);
    }

    /** The safety filter's reasons (empty when none were given). */
    public List<String> filteredReasons() {
        GenerateVideoResponse r = response == null ? null : response.generateVideoResponse();
        return r == null || r.raiMediaFilteredReasons() == null ? List.of() : r.raiMediaFilteredReasons();
    }

    public int filteredCount() {
        GenerateVideoResponse r = response == null ? null : response.generateVideoResponse();
        return r == null || r.raiMediaFilteredCount() == null ? 0 : r.raiMediaFilteredCount();
    }
}
