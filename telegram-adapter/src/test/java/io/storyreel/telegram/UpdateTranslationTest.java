package io.storyreel.telegram;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each kind of Telegram update, through the real TelegramBots library and the fake Bot API, becomes one event. */
class UpdateTranslationTest {
    private final RecordingSink sink = new RecordingSink();
    private final TelegramTestBed bed = new TelegramTestBed(TelegramTestBed.fastServer(), sink);
    private final SimUser ann = bed.server.user(1001, "Ann");
    private final SimChat annChat = bed.server.privateChat(ann);

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void registersItsCommandsAtStart() {
        assertThat(bed.server.myCommands("all_private_chats")).containsKeys("start", "new", "make", "setkeys", "list");
        assertThat(bed.server.myCommands()).containsKeys("start", "new", "make", "list").doesNotContainKey("setkeys");
        assertThat(bed.bot.username()).isEqualTo(bed.server.botUsername());
    }

    @Test
    void commandsAreParsedFromTheTextAndTheirEntity() {
        int id = bed.server.sendCommand(annChat, ann, "/new  My trip to Rome");
        ChatEvent.Command cmd = sink.next(ChatEvent.Command.class);
        assertThat(cmd.name()).isEqualTo("new");
        assertThat(cmd.args()).containsExactly("My", "trip", "to", "Rome");
        assertThat(cmd.rawArgs()).isEqualTo("My trip to Rome");
        assertThat(cmd.chat().kind()).isEqualTo(ChatKind.PRIVATE);
        assertThat(cmd.user().displayName()).isEqualTo("Ann");
        assertThat(cmd.source().messageId()).isEqualTo(String.valueOf(id));
    }

    @Test
    void groupCommandsLoseTheBotNameAndCommandsForOtherBotsAreIgnored() {
        SimChat group = bed.server.group(-4001, "Trip");
        bed.server.sendCommand(group, ann, "/list@other_bot");
        bed.server.sendCommand(group, ann, "/MAKE@" + bed.server.botUsername());
        ChatEvent.Command cmd = sink.next(ChatEvent.Command.class);
        assertThat(cmd.name()).isEqualTo("make");
        assertThat(cmd.chat().kind()).isEqualTo(ChatKind.GROUP);
        assertThat(cmd.chat().chatId()).isEqualTo("-4001");
        assertThat(sink.events()).hasSize(1);
    }

    @Test
    void setkeysBecomesASecretWhoseMessageTheBotCanDelete() {
        int id = bed.server.sendCommand(annChat, ann, "/setkeys Kling AKxyz123 SKsecret456");
        ChatEvent.SecretSubmitted secret = sink.next(ChatEvent.SecretSubmitted.class);
        assertThat(secret.provider()).isEqualTo("kling");
        assertThat(secret.secret()).isEqualTo("AKxyz123 SKsecret456");
        assertThat(secret.toString()).doesNotContain("SKsecret456");
        assertThat(secret.source().messageId()).isEqualTo(String.valueOf(id));

        bed.port().delete(secret.source());
        assertThat(bed.server.message(annChat, id).orElseThrow().deleted()).isTrue();
        assertThat(bed.server.transcript(annChat)).contains("[deleted]");
    }

    @Test
    void aPhotoArrivesAsItsLargestSizeWithItsCaption() {
        byte[] png = TestImages.png(640, 480);
        bed.server.sendPhoto(annChat, ann, png, "a cat leaps over the moon");
        ChatEvent.PhotoAdded photo = sink.next(ChatEvent.PhotoAdded.class);
        assertThat(photo.bytes()).isEqualTo(png);
        assertThat(photo.caption()).isEqualTo("a cat leaps over the moon");
        assertThat(photo.addressed()).isTrue();
        assertThat(photo.albumId()).isNull();
    }

    @Test
    void imageDocumentsAreAcceptedAndOtherFilesRefused() {
        byte[] jpeg = TestImages.jpeg(300, 200);
        bed.server.sendDocument(annChat, ann, jpeg, "beach.jpg", "image/jpeg", "waves at dusk");
        ChatEvent.PhotoAdded photo = sink.next(ChatEvent.PhotoAdded.class);
        assertThat(photo.bytes()).isEqualTo(jpeg);
        assertThat(photo.fileName()).isEqualTo("beach.jpg");
        assertThat(photo.caption()).isEqualTo("waves at dusk");

        bed.server.sendDocument(annChat, ann, "%PDF-1.4".getBytes(), "plan.pdf", "application/pdf");
        ChatEvent.UnsupportedFile file = sink.next(ChatEvent.UnsupportedFile.class);
        assertThat(file.fileName()).isEqualTo("plan.pdf");
        assertThat(file.mimeType()).isEqualTo("application/pdf");
        assertThat(file.bytes()).isEqualTo(8);
    }

    @Test
    void anAlbumBecomesOneEventInAlbumOrder() {
        byte[] a = TestImages.png(64, 48);
        byte[] b = TestImages.png(48, 64);
        byte[] c = TestImages.png(50, 50);
        List<Integer> ids = bed.server.sendAlbum(annChat, ann, List.of(new AlbumPart(a, "first"),
                new AlbumPart(b, null), new AlbumPart(c, "third")));
        ChatEvent.Album album = sink.next(ChatEvent.Album.class);
        assertThat(album.photos()).extracting(ChatEvent.PhotoAdded::caption).containsExactly("first", null, "third");
        assertThat(album.photos()).extracting(p -> p.source().messageId())
                .containsExactly(ids.stream().map(String::valueOf).toArray(String[]::new));
        assertThat(album.photos().get(1).bytes()).isEqualTo(b);
        assertThat(album.photos()).extracting(ChatEvent.PhotoAdded::albumId).doesNotContainNull().hasSize(3);
        assertThat(sink.events()).hasSize(1);
    }

    @Test
    void aCommandRightAfterAnAlbumComesAfterTheAlbum() {
        bed.server.sendAlbum(annChat, ann, List.of(new AlbumPart(TestImages.png(40, 40), "one"),
                new AlbumPart(TestImages.png(40, 40), "two")));
        await().atMost(Duration.ofSeconds(5)).until(() -> bed.server.pendingUpdates() == 0);
        bed.server.sendCommand(annChat, ann, "/list");
        sink.next(ChatEvent.Command.class);
        assertThat(sink.events()).hasSize(2);
        assertThat(sink.events().get(0)).isInstanceOf(ChatEvent.Album.class);
    }

    @Test
    void groupPhotosCountWhenTheyReplyToTheBotOrCarryAdd() {
        SimChat group = bed.server.group(-4002, "Trip");
        MessageRef storybook = bed.port().send(TelegramTestBed.ref(group), Message.text("Storybook open"));
        int storybookId = Integer.parseInt(storybook.messageId());

        bed.server.sendPhoto(group, ann, TestImages.png(40, 40), "hidden by privacy mode");
        bed.server.replyPhoto(group, ann, storybookId, TestImages.png(40, 40), "a reply");
        bed.server.sendPhoto(group, ann, TestImages.png(40, 40), "/add@" + bed.server.botUsername() + " a dog");

        ChatEvent.PhotoAdded reply = sink.next(ChatEvent.PhotoAdded.class, p -> "a reply".equals(p.caption()));
        assertThat(reply.addressed()).isTrue();
        assertThat(reply.replyTo()).isEqualTo(storybook);
        ChatEvent.PhotoAdded add = sink.next(ChatEvent.PhotoAdded.class, p -> "a dog".equals(p.caption()));
        assertThat(add.addressed()).isTrue();
        assertThat(sink.events()).hasSize(2);
    }

    @Test
    void audioVoiceAndAudioDocumentsAreMusicInGroupsOnlyWhenMeantForTheBot() {
        byte[] sound = "RIFF....WAVEfmt fake".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        bed.server.sendAudio(annChat, ann, sound, "theme.mp3", "audio/mpeg", null);
        ChatEvent.AudioAdded audio = sink.next(ChatEvent.AudioAdded.class);
        assertThat(audio.fileName()).isEqualTo("theme.mp3");
        assertThat(audio.mimeType()).isEqualTo("audio/mpeg");
        assertThat(audio.bytes()).isEqualTo(sound);
        bed.server.sendVoice(annChat, ann, sound, "audio/ogg");
        ChatEvent.AudioAdded voice = sink.next(ChatEvent.AudioAdded.class, a -> a.fileName() == null);
        assertThat(voice.mimeType()).isEqualTo("audio/ogg");

        SimChat group = bed.server.group(-4003, "Band");
        MessageRef storybook = bed.port().send(TelegramTestBed.ref(group), Message.text("Storybook open"));
        int storybookId = Integer.parseInt(storybook.messageId());
        bed.server.sendAudio(group, ann, sound, "chatter.mp3", "audio/mpeg", null);
        bed.server.replyAudio(group, ann, storybookId, sound, "reply.mp3", "audio/mpeg");
        bed.server.sendDocument(group, ann, sound, "song.wav", "audio/wav", "/music@" + bed.server.botUsername());
        ChatEvent.AudioAdded reply = sink.next(ChatEvent.AudioAdded.class, a -> "reply.mp3".equals(a.fileName()));
        assertThat(reply.addressed()).isTrue();
        assertThat(reply.replyTo()).isEqualTo(storybook);
        ChatEvent.AudioAdded document = sink.next(ChatEvent.AudioAdded.class, a -> "song.wav".equals(a.fileName()));
        assertThat(document.mimeType()).isEqualTo("audio/wav");
        assertThat(sink.events()).as("the chatter is not for the bot").hasSize(4);
    }

    @Test
    void aButtonPressIsAnsweredAndReported() {
        MessageRef ref = bed.port().send(TelegramTestBed.ref(annChat), Message.text("Make the film?")
                .withButtons(List.of(List.of(new io.storyreel.core.chat.Button("Yes", "make:yes")))));
        String query = bed.server.pressButton(annChat, ann, Integer.parseInt(ref.messageId()), "make:yes");
        ChatEvent.ButtonPressed pressed = sink.next(ChatEvent.ButtonPressed.class);
        assertThat(pressed.data()).isEqualTo("make:yes");
        assertThat(pressed.message()).isEqualTo(ref);
        await().atMost(Duration.ofSeconds(5)).until(() -> bed.server.callbackAnswered(query));
    }

    @Test
    void aTextReplyKnowsWhichMessageItAnswers() {
        MessageRef ask = bed.port().send(TelegramTestBed.ref(annChat), Message.text("What happens in photo 2?"));
        bed.server.reply(annChat, ann, Integer.parseInt(ask.messageId()), "the dog wakes up");
        ChatEvent.TextMessage text = sink.next(ChatEvent.TextMessage.class);
        assertThat(text.text()).isEqualTo("the dog wakes up");
        assertThat(text.replyTo()).isEqualTo(ask);
    }
}
