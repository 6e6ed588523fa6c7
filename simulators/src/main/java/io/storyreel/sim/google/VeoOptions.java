package io.storyreel.sim.google;

import java.util.List;

/**
 * The Veo simulator's model list and its answers where spec providers-next §3 and §8.3 are unsure, each changeable.
 *
 * @param models                 the model ids served (they change often)
 * @param badKeyStatus           HTTP status of a wrong key: 400 {@code INVALID_ARGUMENT} with reason
 *                               {@code API_KEY_INVALID} (default) or 403 {@code PERMISSION_DENIED}
 * @param rejectSdkOnlyFields    refuse {@code seed}, {@code generateAudio}, {@code fps} and the other fields the SDK
 *                               refuses on the Gemini API with 400 (the server's reaction is UNKNOWN; default on);
 *                               off ignores them
 * @param doneFalseWhileRunning  write {@code "done": false} on unfinished operations instead of leaving it out (both
 *                               are seen; default off)
 * @param inlineVideo            return the video inline ({@code video.encodedVideo} + {@code encoding}) instead of a
 *                               {@code uri} (default off)
 * @param redirectDownloads      answer the download with a 302 to a keyless signed storage URL (default on); off
 *                               serves the bytes directly
 * @param strictPersonGeneration only {@code allow_adult} with an input image, as Google's page words it (UNCERTAIN;
 *                               default on)
 */
public record VeoOptions(List<VeoModel> models, int badKeyStatus, boolean rejectSdkOnlyFields,
                         boolean doneFalseWhileRunning, boolean inlineVideo, boolean redirectDownloads,
                         boolean strictPersonGeneration) {

    public VeoOptions {
        models = List.copyOf(models);
        if (badKeyStatus != 400 && badKeyStatus != 403) {
            throw new IllegalArgumentException("a wrong key is answered 400 or 403");
        }
    }

    public static VeoOptions defaults() {
        return new VeoOptions(VeoModel.defaults(), 400, true, false, false, true, true);
    }

    public VeoOptions withModels(List<VeoModel> newModels) {
        return new VeoOptions(newModels, badKeyStatus, rejectSdkOnlyFields, doneFalseWhileRunning, inlineVideo,
                redirectDownloads, strictPersonGeneration);
    }

    public VeoOptions withBadKeyStatus(int status) {
        return new VeoOptions(models, status, rejectSdkOnlyFields, doneFalseWhileRunning, inlineVideo,
                redirectDownloads, strictPersonGeneration);
    }

    public VeoOptions withSdkOnlyFieldsRejected(boolean on) {
        return new VeoOptions(models, badKeyStatus, on, doneFalseWhileRunning, inlineVideo, redirectDownloads,
                strictPersonGeneration);
    }

    public VeoOptions withDoneFalseWhileRunning(boolean on) {
        return new VeoOptions(models, badKeyStatus, rejectSdkOnlyFields, on, inlineVideo, redirectDownloads,
                strictPersonGeneration);
    }

    public VeoOptions withInlineVideo(boolean on) {
        return new VeoOptions(models, badKeyStatus, rejectSdkOnlyFields, doneFalseWhileRunning, on,
                redirectDownloads, strictPersonGeneration);
    }

    public VeoOptions withRedirectDownloads(boolean on) {
        return new VeoOptions(models, badKeyStatus, rejectSdkOnlyFields, doneFalseWhileRunning, inlineVideo, on,
                strictPersonGeneration);
    }
}
