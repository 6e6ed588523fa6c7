package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.storybook.Aspect;
import io.storyreel.core.storybook.FilmSound;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.template.Template;
import io.storyreel.core.template.TemplateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A template saved with a provider this bot no longer offers is applied on the bot's provider with a sentence saying
 * so: what belonged to the gone provider's models (model, mode, duration, resolution, parameters) goes, and the
 * film's own settings (aspect, clip sound and music, title card, style, negative prompt, captions) arrive intact.
 */
class TemplateProviderGoneTest {
    @TempDir
    Path dir;
    TestBot bot;
    RecordingChatPort port;
    final UserRef ann = new UserRef(Platform.TELEGRAM, "1", "Ann");
    final ChatRef chat = new ChatRef(Platform.TELEGRAM, "1", ChatKind.PRIVATE);

    @BeforeEach
    void start() {
        port = new RecordingChatPort();
        bot = new TestBot(dir).withPort(Platform.TELEGRAM, port);
    }

    @AfterEach
    void stop() throws Exception {
        bot.close();
    }

    @Test
    void theFilmsOwnSettingsSurviveAProviderThatIsGone() {
        StorybookSettings saved = StorybookSettings.defaults().withModel("pika-2.2").withDuration(10)
                .withParameters(Map.of("seed", "7")).withAspect(Aspect.PORTRAIT).withTitleCard(true)
                .withStyleSuffix("in watercolour").withNegativePrompt("blur").withCaptions(true)
                .withSound(new FilmSound(true, "waves.mp3", 4.0, true));
        new TemplateRepository(bot.database(), Clock.systemUTC()).save(Template.Scope.USER, ann.key(), "coast",
                ann.key(), "pika-labs", saved, List.of());

        bot.conversation().submit(new ChatEvent.Command(chat, ann, "template", List.of("use", "coast"), "use coast",
                new MessageRef(chat, "u1"), null)).orTimeout(20, TimeUnit.SECONDS).join();

        assertThat(port.texts(chat)).anyMatch(t -> t.contains("Its provider pika-labs is not offered here"));
        StorybookSettings now = new StorybookRepository(bot.database(), Clock.systemUTC()).findOpen(chat).orElseThrow()
                .settings();
        assertThat(now.model()).isNotEqualTo("pika-2.2");
        assertThat(now.parameters()).doesNotContainKey("seed");
        assertThat(now.aspect()).isEqualTo(Aspect.PORTRAIT);
        assertThat(now.titleCard()).isTrue();
        assertThat(now.styleSuffix()).isEqualTo("in watercolour");
        assertThat(now.negativePrompt()).isEqualTo("blur");
        assertThat(now.captions()).isTrue();
        assertThat(now.sound()).isEqualTo(new FilmSound(true, "waves.mp3", 4.0, true));
    }
}
