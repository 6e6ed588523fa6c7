package io.storyreel.core.generation;

import io.storyreel.core.provider.GenerationRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A bridge's stored request keeps its last frame; a clip of its own is stored exactly as before bridges. */
class ClipRequestTest {

    @Test
    void aClipOfItsOwnIsStoredAsBeforeSoEarlierClipsAreStillFoundByFingerprint() {
        GenerationRequest r = new GenerationRequest("kling-v1", "std", 5, null, "a fox", null, null, "image/jpeg");
        ClipRequest own = ClipRequest.of(r, "blob1");
        assertThat(own.toJson()).isEqualTo("{\"model\":\"kling-v1\",\"mode\":\"std\",\"durationSeconds\":5,"
                + "\"resolution\":null,\"prompt\":\"a fox\",\"negativePrompt\":null,\"imageBlob\":\"blob1\","
                + "\"imageMime\":\"image/jpeg\"}");
        assertThat(own.toRequest(new byte[]{1}, null).endImage()).isNull();
    }

    @Test
    void aBridgeKeepsItsLastFrameAndIsAnotherClipThanTheSamePhotoAlone() {
        GenerationRequest r = new GenerationRequest("kling-v1", "std", 5, null, "a fox", null, null, "image/jpeg")
                .withEndImage(null, "image/png");
        ClipRequest bridge = ClipRequest.fromJson(ClipRequest.of(r, "blob1", "blob2").toJson());
        assertThat(bridge.endImageBlob()).isEqualTo("blob2");
        GenerationRequest back = bridge.toRequest(new byte[]{1}, new byte[]{2});
        assertThat(back.endImage()).containsExactly(2);
        assertThat(back.endImageMime()).isEqualTo("image/png");
        assertThat(bridge.fingerprint("kling")).isNotEqualTo(ClipRequest.of(r, "blob1").fingerprint("kling"));
    }

    @Test
    void theFilmsShapeIsKeptSoARedoAsksForTheSameRatio() {
        GenerationRequest r = new GenerationRequest("gen4_turbo", null, 5, "720p", "a fox", null, null, "image/jpeg")
                .withShape(new io.storyreel.core.provider.FilmShape(9, 16, true));
        ClipRequest stored = ClipRequest.fromJson(ClipRequest.of(r, "blob1").toJson());
        assertThat(stored.toRequest(new byte[]{1}).shape()).isEqualTo(new io.storyreel.core.provider.FilmShape(9, 16, true));
        assertThat(stored.fingerprint("runway")).as("a portrait clip is another clip than one of the photo's shape")
                .isNotEqualTo(ClipRequest.of(r.withShape(null), "blob1").fingerprint("runway"));
    }
}
