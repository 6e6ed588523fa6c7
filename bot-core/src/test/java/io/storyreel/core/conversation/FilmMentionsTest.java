package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Mention;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.generation.GenerationListener.Payment;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.StorybookSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FilmMentionsTest {
    private static final ChatRef GROUP = new ChatRef(Platform.TELEGRAM, "-5", ChatKind.GROUP);

    private static Scene scene(int i, String key, String name) {
        return new Scene("s" + i, "b", i, "blob", "image/jpeg", 640, 480, "p", key, name, null, null, 0);
    }

    @Test
    void eachMakerAndThePayerIsMentionedOverTheNameTheCaptionShows() {
        // names that would break HTML or Markdown are only spans here: nothing to escape
        List<Scene> scenes = List.of(scene(1, "TELEGRAM:1", "<Ann & co>"), scene(2, "TELEGRAM:2", "Bob"),
                scene(3, "TELEGRAM:1", "<Ann & co>"));
        List<Payment> paid = List.of(new Payment("TELEGRAM:3", "Bob", 0.42));
        String caption = FilmWording.filmCaption("Bob's day", "Kling AI", "kling-v2", "", 3, (StorybookSettings) null,
                15, 0.42, 0.42, 3, "units", List.of("<Ann & co>", "Bob"), paid, null);

        List<Mention> mentions = FilmMentions.in(GROUP, caption, scenes, paid);

        assertThat(mentions).extracting(Mention::userId).containsExactly("1", "2", "3");
        assertThat(mentions.stream().map(m -> caption.substring(m.offset(), m.end())))
                .containsExactly("<Ann & co>", "Bob", "Bob");
        // the payer's "Bob" is the one on the payment line, not the title's or the makers' line
        assertThat(mentions.get(2).offset()).isGreaterThan(caption.indexOf("paid by"));
    }

    @Test
    void aPrivateChatMentionsNobody() {
        ChatRef dm = new ChatRef(Platform.TELEGRAM, "7", ChatKind.PRIVATE);
        String caption = "🎬 Film\nScenes by Ann\n$0.10 paid by Ann";
        assertThat(FilmMentions.in(dm, caption, List.of(scene(1, "TELEGRAM:7", "Ann")),
                List.of(new Payment("TELEGRAM:7", "Ann", 0.1)))).isEmpty();
    }
}
