package io.storyreel.app.telegram;

import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file over the page's limit, even one larger than the whole request the web server takes otherwise, is refused on
 * the page with the chat's sentence and its real size, and changes nothing; photos chosen with it are added.
 */
class StoryboardPageTooLargeTest {
    private TelegramStack stack;
    private SimUser alex;
    private SimChat alexChat;
    private PageClient page;

    @BeforeEach
    void start() throws Exception {
        // the web server takes requests of up to max(photo MB × scenes, music MB) + 1 MiB: 3 MiB here
        stack = TelegramStack.start(TelegramStack.Options.defaults().withSetting("web.port", "0")
                .withSetting("limits.max-photo-mb", "1").withSetting("limits.max-scenes", "2")
                .withSetting("limits.max-music-mb", "1"));
        alex = stack.telegram.user(4243, "Alex", "alex");
        alexChat = stack.telegram.privateChat(alex);
        stack.telegram.sendPhoto(alexChat, alex, TestImages.jpeg(480, 360), "a red fox");
        stack.await(alexChat, "1 of 2 photos");
        page = StoryboardPageAccessTest.signedIn(stack, alexChat, alex);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void aMusicFileOverTheLimitIsRefusedWithItsRealSizeAndTheMusicStaysAsItWas() throws Exception {
        // five times the limit, and more than the whole request the web server takes for anything else
        byte[] huge = new byte[5 * 1024 * 1024];
        HttpResponse<String> r = page.postFile("/music", "music", "huge.wav", "audio/x-wav", huge, true);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(PageClient.unescape(r.body())).contains("\"huge.wav\" is 5.0 MB, more than the 1.0 MB I accept for music. "
                + "Please send a smaller file.");
        assertThat(page.page().body()).contains("id=\"music-name\">none<");
    }

    @Test
    void aPhotoOverTheLimitIsRefusedWithItsRealSizeAndTheOthersChosenWithItAreAdded() throws Exception {
        byte[] huge = new byte[5 * 1024 * 1024];
        HttpResponse<String> alone = page.postFile("/photos", "photos", "huge.jpg", "image/jpeg", huge, true);
        assertThat(alone.statusCode()).isEqualTo(400);
        assertThat(PageClient.unescape(alone.body())).contains("That photo is 5.0 MB, more than the 1.0 MB I accept. "
                + "Please send a smaller one.");
        assertThat(page.page().body()).contains("1 of 2 photos");

        HttpResponse<String> mixed = page.postFiles("/photos", "photos", List.of(
                new PageClient.FilePart("huge.jpg", "image/jpeg", huge),
                new PageClient.FilePart("small.jpg", "image/jpeg", TestImages.jpeg(320, 240))), true);
        assertThat(mixed.statusCode()).isEqualTo(200);
        assertThat(PageClient.unescape(mixed.body())).contains("\"huge.jpg\": That photo is 5.0 MB, more than the 1.0 MB I accept.")
                .contains("Added scene 2");
        assertThat(page.page().body()).contains("2 of 2 photos");
    }
}
