package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.video.testing.Tones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Music sent to a storybook: an audio file that decodes is kept (and named in the settings), one that is too big, too
 * long or not sound at all is refused with a sentence and nothing is stored; {@code /music off} removes it; clip sound
 * and the music's volume, fade and looping are settings.
 */
class MusicConversationTest {
    /** Music may weigh 1 MB and last 3 s here, so WAV tones made in the test cross both limits. */
    static final StoryreelConfig.Limits LIMITS = new StoryreelConfig.Limits(6, 1, 20, 60, 20.0,
            java.time.ZoneOffset.UTC, 5_000_000, 1_000_000, 3);

    @TempDir
    Path dir;
    TestBot bot;
    RecordingChatPort port;
    final AtomicInteger ids = new AtomicInteger(1);
    final UserRef ann = new UserRef(Platform.TELEGRAM, "1", "Ann");
    final ChatRef annChat = new ChatRef(Platform.TELEGRAM, "1", ChatKind.PRIVATE);
    final ChatRef group = new ChatRef(Platform.TELEGRAM, "-100", ChatKind.GROUP);

    @BeforeEach
    void start() {
        port = new RecordingChatPort();
        bot = new TestBot(dir, Clock.systemUTC(), LIMITS).withPort(Platform.TELEGRAM, port);
    }

    @AfterEach
    void stop() throws Exception {
        bot.close();
    }

    void send(ChatEvent e) {
        bot.conversation().submit(e).orTimeout(20, TimeUnit.SECONDS).join();
    }

    void audio(ChatRef chat, String name, byte[] bytes, boolean addressed) {
        send(new ChatEvent.AudioAdded(chat, ann, bytes, name, "audio/wav", new MessageRef(chat, "u" + ids.incrementAndGet()),
                null, addressed));
    }

    void command(ChatRef chat, String name, String raw) {
        List<String> args = raw.isBlank() ? List.of() : List.of(raw.strip().split("\\s+"));
        send(new ChatEvent.Command(chat, ann, name, args, raw, new MessageRef(chat, "u" + ids.incrementAndGet()), null));
    }

    byte[] wav(double seconds) throws Exception {
        return Files.readAllBytes(Tones.writeWav(dir.resolve("t" + ids.incrementAndGet() + ".wav"), seconds, 220, 0.5));
    }

    StorybookSettings settings(ChatRef chat) {
        return new StorybookRepository(bot.database(), Clock.systemUTC()).findOpen(chat).orElseThrow().settings();
    }

    String last(ChatRef chat) {
        return port.last(chat).text();
    }

    @Test
    void anAudioFileBecomesTheMusicAndBadOnesAreRefusedWithNothingStored() throws Exception {
        audio(annChat, "theme.wav", wav(1.0), true);
        assertThat(last(annChat)).startsWith("🎵 Music set: \"theme.wav\" (1 s)").contains("/music off");
        StorybookSettings s = settings(annChat);
        assertThat(s.musicBlob()).isNotNull();
        assertThat(bot.blobs().exists(s.musicBlob())).isTrue();
        assertThat(s.sound().musicName()).isEqualTo("theme.wav");
        int blobs = bot.blobs().ids().size();

        audio(annChat, "song.mp3", "ID3 but really just text".getBytes(StandardCharsets.UTF_8), true);
        assertThat(last(annChat)).isEqualTo("I couldn't use \"song.mp3\" as music: it doesn't decode as sound. "
                + "Please send an mp3, m4a, ogg, wav or flac file.");
        audio(annChat, "long.wav", wav(4.0), true);
        assertThat(last(annChat)).isEqualTo("\"long.wav\" plays 4 s, longer than the 3 s I accept for music. "
                + "Please send a shorter file.");
        audio(annChat, "big.wav", wav(6.0), true);
        assertThat(last(annChat)).startsWith("\"big.wav\" is 1.1 MB, more than the 1.0 MB I accept for music.");
        assertThat(bot.blobs().ids()).hasSize(blobs);
        assertThat(settings(annChat).musicBlob()).as("the music before is kept").isEqualTo(s.musicBlob());

        command(annChat, "music", "off");
        assertThat(last(annChat)).isEqualTo("Music removed: the film keeps only its clips' sound.");
        assertThat(settings(annChat).musicBlob()).isNull();
        assertThat(settings(annChat).sound().musicName()).isNull();
        command(annChat, "music", "off");
        assertThat(last(annChat)).startsWith("This storybook has no music.");
        command(annChat, "music", "");
        assertThat(last(annChat)).startsWith("To put music under the film, send an audio file");
    }

    @Test
    void inAGroupOnlyAudioMeantForTheBotCounts() throws Exception {
        audio(group, "chatter.wav", wav(1.0), false);
        assertThat(port.in(group)).isEmpty();
        audio(group, "theme.wav", wav(1.0), true);
        assertThat(last(group)).startsWith("🎵 Music set: \"theme.wav\"");
    }

    @Test
    void clipSoundAndTheMusicsVolumeFadeAndLoopAreSettings() throws Exception {
        audio(annChat, "theme.wav", wav(1.0), true);
        command(annChat, "settings", "sound off");
        assertThat(last(annChat)).contains("Clip sound: off").contains("Music: \"theme.wav\" at 30 %, fade-out 2 s, looped");
        command(annChat, "settings", "music volume 40");
        command(annChat, "settings", "music fade 3.5 s");
        command(annChat, "settings", "music loop off");
        StorybookSettings s = settings(annChat);
        assertThat(s.sound().clipSound()).isFalse();
        assertThat(s.musicVolume()).isEqualTo(0.4);
        assertThat(s.sound().fadeSeconds()).isEqualTo(3.5);
        assertThat(s.sound().musicOnce()).isTrue();
        assertThat(last(annChat)).contains("Music: \"theme.wav\" at 40 %, fade-out 3.5 s, played once");

        command(annChat, "settings", "music fade 60");
        assertThat(last(annChat)).isEqualTo("I can't use that setting: music takes \"volume 0-100\", \"fade 0-10\" "
                + "(seconds), \"duck 0-30\" (decibels under the clips' sound), \"loop on\" or \"loop off\", or \"off\".");
        command(annChat, "settings", "sound loud");
        assertThat(last(annChat)).isEqualTo("I can't use that setting: clip sound is \"on\" or \"off\".");
        command(annChat, "settings", "sound on");
        assertThat(settings(annChat).sound().clipSound()).isTrue();
        command(annChat, "settings", "music off");
        assertThat(settings(annChat).musicBlob()).isNull();
    }

    @Test
    void howFarTheMusicDucksUnderClipSoundIsASettingOfTheStorybook() throws Exception {
        audio(annChat, "theme.wav", wav(1.0), true);
        assertThat(settings(annChat).sound().duckDb()).as("the default").isEqualTo(12.0);
        command(annChat, "settings", "");
        assertThat(last(annChat)).contains("looped and trimmed to the film, ducked 12 dB under clip sound")
                .contains("/settings music duck 6");

        command(annChat, "settings", "music duck 6 dB");
        assertThat(settings(annChat).sound().duckDb()).isEqualTo(6.0);
        assertThat(last(annChat)).contains("ducked 6 dB under clip sound");
        command(annChat, "settings", "music duck 0");
        assertThat(settings(annChat).sound().duckDb()).isEqualTo(0.0);
        assertThat(last(annChat)).contains("never ducked");

        for (String wrong : List.of("music duck 31", "music duck -3", "music duck loud")) {
            command(annChat, "settings", wrong);
            assertThat(last(annChat)).as(wrong).isEqualTo("I can't use that setting: music takes \"volume 0-100\", "
                    + "\"fade 0-10\" (seconds), \"duck 0-30\" (decibels under the clips' sound), \"loop on\" or "
                    + "\"loop off\", or \"off\".");
            assertThat(settings(annChat).sound().duckDb()).as("nothing was changed").isEqualTo(0.0);
        }
        // settings stored before the duck level was a setting read as the default
        assertThat(StorybookSettings.fromJson("{\"sound\":{\"clipSoundOff\":false,\"musicName\":\"a.mp3\"}}")
                .sound().duckDb()).isEqualTo(12.0);
    }

    @Test
    void theFilmSummaryNamesTheMusic() {
        StorybookSettings s = StorybookSettings.defaults().withMusicFile("b1", "theme.mp3");
        assertThat(FilmWording.filmCaption("Trip", "Kling", "kling-v1", "", 3, s, 15, 0.5, 0.5, 1, "units",
                List.of(), List.of(), null)).contains("\nMusic: \"theme.mp3\"");
        assertThat(FilmWording.filmCaption("Trip", "Kling", "kling-v1", "", 3,
                s.withSound(s.sound().withClipSound(false)), 15, 0.5, 0.5, 1, "units", List.of(), List.of(), null))
                .contains("\nMusic: \"theme.mp3\" · clip sound off");
        assertThat(FilmWording.filmCaption("Trip", "Kling", "kling-v1", "", 3, StorybookSettings.defaults(), 15, 0.5,
                0.5, 1, "units", List.of(), List.of(), null)).doesNotContain("Music");
    }
}
