package io.storyreel.core.storybook;

/**
 * One photo of a storybook with its prompt (null until the user gives one) and who added it. {@code provider} and
 * {@code model} override the storybook's for this scene's clip (null: the storybook's; a provider without a model:
 * that provider's default model).
 */
public record Scene(String id, String storybookId, int position, String imageBlob, String imageMime, int width,
                    int height, String prompt, String contributorKey, String contributor, String sourceMsgId,
                    String albumId, long createdAt, String provider, String model) {

    /** A scene that follows its storybook's provider and model. */
    public Scene(String id, String storybookId, int position, String imageBlob, String imageMime, int width,
                 int height, String prompt, String contributorKey, String contributor, String sourceMsgId,
                 String albumId, long createdAt) {
        this(id, storybookId, position, imageBlob, imageMime, width, height, prompt, contributorKey, contributor,
                sourceMsgId, albumId, createdAt, null, null);
    }

    public boolean hasPrompt() {
        return prompt != null && !prompt.isBlank();
    }

    /** This scene with its own provider and model (provider null: the storybook's). */
    public Scene withProviderAndModel(String p, String m) {
        return new Scene(id, storybookId, position, imageBlob, imageMime, width, height, prompt, contributorKey,
                contributor, sourceMsgId, albumId, createdAt, p, p == null ? null : m);
    }

    /** Whether this scene chose its own provider (and perhaps model) rather than the storybook's. */
    public boolean overridden() {
        return provider != null;
    }
}
