package io.storyreel.core.storybook;

/** One photo of a storybook with its prompt (null until the user gives one) and who added it. */
public record Scene(String id, String storybookId, int position, String imageBlob, String imageMime, int width,
                    int height, String prompt, String contributorKey, String contributor, String sourceMsgId,
                    String albumId, long createdAt) {

    public boolean hasPrompt() {
        return prompt != null && !prompt.isBlank();
    }
}
