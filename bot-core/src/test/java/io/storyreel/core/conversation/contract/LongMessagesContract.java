package io.storyreel.core.conversation.contract;

import io.storyreel.core.conversation.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Texts longer than a platform takes in one message, played through a real adapter: a {@code /list} of six long
 * prompts runs far past Telegram's 4,096 and Discord's 2,000 characters, and must still arrive whole, in messages
 * the platform accepts, instead of failing with "something went wrong".
 */
public abstract class LongMessagesContract {
    protected ChatDriver driver;

    protected abstract ChatDriver createDriver();

    /** The most characters the platform takes in one message. */
    protected abstract int textLimit();

    @BeforeEach
    void startDriver() {
        driver = createDriver();
    }

    @AfterEach
    void stopDriver() throws Exception {
        driver.close();
    }

    /** About 2,400 characters, the most Kling takes being 2,500; numbered words so any lost piece shows. */
    static String longPrompt(int scene) {
        StringBuilder sb = new StringBuilder("Scene " + scene + " begins:");
        for (int w = 1; sb.length() < 2_380; w++) {
            sb.append(" s").append(scene).append("w").append(w);
        }
        return sb.append(" end-of-").append(scene).toString();
    }

    private static String squeezed(String s) {
        return s.replaceAll("\\s+", "");
    }

    @Test
    void aListOfSixLongPromptsArrivesWholeInMessagesThePlatformAccepts() {
        var ann = driver.user("Ann");
        var chat = driver.privateChat(ann);
        List<ChatDriver.Photo> album = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            album.add(new ChatDriver.Photo(TestImages.jpeg(i), "scene " + i));
        }
        driver.sendAlbum(chat, ann, album);
        driver.awaitBotMessage(chat, m -> m.contains("Added scene 6"));
        for (int i = 1; i <= 6; i++) {
            int before = driver.botMessages(chat).size();
            driver.command(chat, ann, "prompt", i + " " + longPrompt(i));
            String end = "end-of-" + i;
            driver.awaitBotMessage(chat, m -> driver.botMessages(chat).indexOf(m) >= before && m.contains(end));
        }

        int before = driver.botMessages(chat).size();
        driver.command(chat, ann, "list", "");
        driver.awaitBotMessage(chat, m -> driver.botMessages(chat).indexOf(m) >= before && m.contains("end-of-6"));

        List<BotMessage> answer = driver.botMessages(chat).subList(before, driver.botMessages(chat).size());
        assertThat(answer).anyMatch(BotMessage::hasImage);
        assertThat(answer).allSatisfy(m -> assertThat(m.text().length()).as("%s", m.id()).isLessThanOrEqualTo(textLimit()));
        assertThat(answer).noneMatch(m -> m.contains("went wrong"));
        String all = squeezed(answer.stream().map(BotMessage::text).collect(Collectors.joining()));
        for (int i = 1; i <= 6; i++) {
            assertThat(all).as("prompt %s arrived whole", i).contains(squeezed(i + ". " + longPrompt(i)));
        }
        assertThat(all.indexOf("end-of-1")).isLessThan(all.indexOf("end-of-6"));
    }
}
