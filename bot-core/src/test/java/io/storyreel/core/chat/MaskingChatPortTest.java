package io.storyreel.core.chat;

import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.logging.SecretRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever port a platform registers, {@link ChatPorts} hands out one that masks: texts, edits, captions and button
 * labels lose every registered secret; button data, images and replies pass unchanged.
 */
class MaskingChatPortTest {
    private static final String SECRET = "portSecret0a1b2c3d4e";

    @Test
    void everyTextTheBotSendsIsMaskedButButtonDataIsNot() throws Exception {
        SecretRegistry.register(SECRET);
        RecordingChatPort recorded = new RecordingChatPort();
        ChatRef chat = new ChatRef(Platform.TELEGRAM, "9", ChatKind.PRIVATE);
        ChatPort port = new ChatPorts().register(Platform.TELEGRAM, recorded).forChat(chat);

        List<List<Button>> buttons = List.of(List.of(new Button("1. " + SECRET, "data-" + SECRET)));
        MessageRef sent = port.send(chat, Message.text("said " + SECRET).withButtons(buttons));
        assertThat(recorded.last(chat).text()).isEqualTo("said ***");
        assertThat(recorded.last(chat).buttons()).containsExactly(List.of(new Button("1. ***", "data-" + SECRET)));

        port.sendAsync(chat, Message.text("queued " + SECRET).withButtons(buttons)).join();
        assertThat(recorded.last(chat).text()).isEqualTo("queued ***");
        assertThat(recorded.last(chat).buttons()).containsExactly(List.of(new Button("1. ***", "data-" + SECRET)));

        port.edit(sent, Message.text("edited " + SECRET));
        assertThat(recorded.find(sent).text()).isEqualTo("edited ***");

        Path mp4 = Files.createTempFile("film", ".mp4");
        try {
            port.sendVideo(chat, mp4, "caption " + SECRET, buttons);
            assertThat(recorded.last(chat).text()).isEqualTo("caption ***");
            assertThat(recorded.last(chat).buttons().get(0).get(0).label()).isEqualTo("1. ***");
        } finally {
            Files.deleteIfExists(mp4);
        }
        assertThat(recorded.all()).noneMatch(s -> s.text().contains(SECRET));
    }
}
