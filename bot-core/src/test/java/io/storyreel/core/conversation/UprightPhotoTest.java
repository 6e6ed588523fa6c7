package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestSyntax;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.image.CameraJpegs;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.StorybookRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A camera's original file (a Discord attachment) is stored the way the user sees it on their phone. */
class UprightPhotoTest {
    @TempDir
    Path dir;

    @Test
    void aSidewaysStoredPortraitPhotoBecomesAnUprightPortraitScene() throws Exception {
        RecordingChatPort port = new RecordingChatPort(TestSyntax.discordLike());
        ChatRef chat = new ChatRef(Platform.DISCORD, "c1", ChatKind.PRIVATE);
        UserRef ann = new UserRef(Platform.DISCORD, "1", "Ann");
        // a 360×480 portrait whose pixels the camera kept as 480×360 landscape, tagged "turn clockwise"
        byte[] camera = CameraJpegs.stored(360, 480, 6, ByteOrder.LITTLE_ENDIAN);
        try (TestBot bot = new TestBot(dir).withPort(Platform.DISCORD, port)) {
            bot.conversation().submit(new ChatEvent.PhotoAdded(chat, ann, camera, "IMG_0001.JPG", "she waves",
                    null, 0, new MessageRef(chat, "m1"), null, true)).orTimeout(10, TimeUnit.SECONDS).join();

            var book = new StorybookRepository(bot.database(), Clock.systemUTC()).findOpen(chat).orElseThrow();
            List<Scene> scenes = new SceneRepository(bot.database(), Clock.systemUTC()).list(book.id());
            assertThat(scenes).hasSize(1);
            Scene scene = scenes.get(0);
            assertThat(scene).extracting(Scene::imageMime, Scene::width, Scene::height)
                    .containsExactly("image/jpeg", 360, 480);
            BufferedImage stored = ImageIO.read(new ByteArrayInputStream(bot.blobs().read(scene.imageBlob())));
            assertThat(stored.getWidth()).isEqualTo(360);
            assertThat(stored.getHeight()).isEqualTo(480);
            Color topLeft = new Color(stored.getRGB(20, 20));
            assertThat(topLeft.getRed()).as("upright top-left is the red block, was %s", topLeft).isGreaterThan(180);
            assertThat(topLeft.getGreen() + topLeft.getBlue()).isLessThan(120);
            assertThat(port.last(chat).text()).contains("Added scene 1");
        }
    }
}
