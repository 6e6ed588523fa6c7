package io.storyreel.core.conversation.contract;

import io.storyreel.core.chat.Button;

import java.util.List;
import java.util.Optional;

/**
 * One message as the user sees it: text (or a video's caption), its buttons, whether it carried a picture or a
 * video (with the video's bytes), whether it was deleted, and whether only the addressed user sees it.
 */
public record BotMessage(String id, String text, List<List<Button>> buttons, boolean hasImage, byte[] video,
                         boolean deleted, boolean privateToUser) {
    public BotMessage {
        text = text == null ? "" : text;
        buttons = buttons == null ? List.of() : buttons.stream().map(List::copyOf).toList();
    }

    public boolean contains(String fragment) {
        return text.contains(fragment);
    }

    public Optional<Button> button(String labelFragment) {
        return buttons.stream().flatMap(List::stream).filter(b -> b.label().contains(labelFragment)).findFirst();
    }

    public boolean hasButton(String labelFragment) {
        return button(labelFragment).isPresent();
    }

    public boolean isVideo() {
        return video != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BotMessage m && m.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "[" + id + (video != null ? " video" : "") + (hasImage ? " picture" : "") + (deleted ? " deleted" : "")
                + "] " + text + (buttons.isEmpty() ? "" : " " + buttons.stream().flatMap(List::stream).map(Button::label).toList());
    }
}
