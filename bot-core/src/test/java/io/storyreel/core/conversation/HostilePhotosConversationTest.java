package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.image.HostilePhotos;
import io.storyreel.core.provider.http.ImagePreparer;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.StorybookRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Awkward real-world photos sent to the bot as a user sends them: the good ones (GIF, animated WebP, CMYK, 16-bit,
 * a camera JPEG stored sideways) become scenes and a film; each bad one (cut off, fake, tiny, a bomb) is refused
 * with a sentence the user understands, and nothing of it is stored.
 */
class HostilePhotosConversationTest {
    @TempDir
    Path dir;
    TestBot bot;
    RecordingChatPort port;
    final AtomicInteger msgIds = new AtomicInteger(1);
    final UserRef ann = new UserRef(Platform.TELEGRAM, "1", "Ann");
    final ChatRef chat = new ChatRef(Platform.TELEGRAM, "t1", ChatKind.PRIVATE);

    @BeforeEach
    void start() {
        port = new RecordingChatPort();
        bot = new TestBot(dir).withPort(Platform.TELEGRAM, port);
    }

    @AfterEach
    void stop() throws Exception {
        bot.close();
    }

    private void send(ChatEvent e) {
        bot.conversation().submit(e).orTimeout(20, TimeUnit.SECONDS).join();
    }

    private MessageRef userMsg() {
        return new MessageRef(chat, "u" + msgIds.getAndIncrement());
    }

    private void photo(HostilePhotos.Sample s, String caption) {
        send(new ChatEvent.PhotoAdded(chat, ann, s.bytes(), s.fileName(), caption, null, 0, userMsg(), null, true));
    }

    private List<Scene> scenes() {
        return new StorybookRepository(bot.database(), Clock.systemUTC()).findOpen(chat)
                .map(b -> new SceneRepository(bot.database(), Clock.systemUTC()).list(b.id())).orElse(List.of());
    }

    @Test
    void eachBadPhotoIsRefusedWithTheSentenceTheUserSeesAndNothingIsStored() {
        for (HostilePhotos.Sample s : HostilePhotos.bad()) {
            photo(s, "a scene");
            assertThat(port.last(chat).text()).as(s.fileName()).isEqualTo(s.refusal());
        }
        assertThat(scenes()).isEmpty();
        assertThat(port.in(chat)).extracting(RecordingChatPort.Sent::text)
                .noneMatch(t -> t.contains("Exception") || t.contains("scanline") || t.contains("block type"));
    }

    @Test
    void theGoodAwkwardPhotosBecomeUprightPlainScenesAndAFilm() throws Exception {
        List<HostilePhotos.Sample> good = HostilePhotos.good();
        for (int i = 0; i < good.size(); i++) {
            photo(good.get(i), "scene " + (i + 1));
            assertThat(port.last(chat).text()).as(good.get(i).fileName()).contains("Added scene " + (i + 1));
        }
        List<Scene> scenes = scenes();
        assertThat(scenes).hasSize(good.size());
        assertThat(scenes).extracting(Scene::imageMime).allMatch(m -> m.equals("image/jpeg") || m.equals("image/png"));
        // the camera file (stored 400×300 sideways, tagged "turn clockwise") is a 300×400 portrait scene
        assertThat(scenes.get(4)).extracting(Scene::width, Scene::height).containsExactly(300, 400);
        var kling = CapabilitiesLoader.bundled("kling").image();
        for (Scene s : scenes) {
            byte[] stored = bot.blobs().read(s.imageBlob());
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(stored));
            assertThat(img.getColorModel().getComponentSize()).as("scene %s", s.position()).containsOnly(8);
            assertThat(new ImagePreparer().prepare(stored, kling, "Kling AI").width()).isPositive();
        }

        bot.vault().store(ann.key(), "kling", Credentials.of("accessKey", "AK-test-0001", "secretKey", "SK-test-0002"));
        send(new ChatEvent.Command(chat, ann, "make", List.of(), "", userMsg(), null));
        RecordingChatPort.Sent estimate = port.last(chat);
        assertThat(estimate.text()).contains("5 clips");
        String confirm = estimate.buttons().stream().flatMap(List::stream).filter(b -> b.label().contains("Confirm"))
                .findFirst().orElseThrow().data();
        send(new ChatEvent.ButtonPressed(chat, ann, confirm, estimate.ref()));
        await().atMost(10, TimeUnit.SECONDS).until(() -> port.in(chat).stream().anyMatch(m -> m.video() != null));
    }
}
