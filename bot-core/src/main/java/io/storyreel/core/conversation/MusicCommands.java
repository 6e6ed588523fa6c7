package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.video.MusicFile;
import io.storyreel.core.video.VideoException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The storybook's music: an audio file the user sends (checked for size, decoded to prove it is sound, measured)
 * becomes a blob named in the settings; {@code /music off} removes it. A file that is refused stores nothing. In
 * groups only audio addressed to the bot counts, as with photos.
 */
final class MusicCommands {
    private final ChatContext ctx;
    private final StorybookRepository storybooks;
    private final BlobStore blobs;

    MusicCommands(ChatContext ctx, StorybookRepository storybooks, BlobStore blobs) {
        this.ctx = ctx;
        this.storybooks = storybooks;
        this.blobs = blobs;
    }

    void audio(ChatEvent.AudioAdded a) {
        if (!a.chat().isPrivate() && !a.addressed()) {
            return; // group chatter not meant for the bot
        }
        CommandWording cs = ctx.syntax(a.chat());
        Storybook sb = ctx.openOrCreate(a.chat(), a.user());
        if (sb.state().running()) {
            ctx.refuse(a.chat(), a.source(), SoundWording.musicWhileRunning(cs));
            return;
        }
        long max = ctx.limits().maxMusicBytes();
        if (a.bytes().length > max) {
            ctx.refuse(a.chat(), a.source(), SoundWording.musicTooBig(a.fileName(), a.bytes().length, max));
            return;
        }
        double seconds;
        Path probe = blobs.tempFile(suffix(a.fileName()));
        try {
            Files.write(probe, a.bytes());
            seconds = MusicFile.seconds(probe);
        } catch (VideoException | IOException e) {
            ctx.refuse(a.chat(), a.source(), SoundWording.musicUnreadable(a.fileName()));
            return;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // a temp file
            }
        }
        if (seconds > ctx.limits().maxMusicSeconds()) {
            ctx.refuse(a.chat(), a.source(), SoundWording.musicTooLong(a.fileName(), seconds,
                    ctx.limits().maxMusicSeconds()));
            return;
        }
        ctx.unconfirm(sb);
        String blob = blobs.put(a.bytes());
        StorybookSettings next = sb.settings().withMusicFile(blob, a.fileName() == null ? "voice message" : a.fileName());
        storybooks.setSettings(sb.id(), next);
        ctx.reply(a.chat(), a.source(), SoundWording.musicSaved(cs, a.fileName(), seconds, next));
    }

    /** {@code /music off} removes the music; {@code /music} alone says how to add it. */
    void command(ChatEvent.Command c) {
        CommandWording cs = ctx.syntax(c.chat());
        String arg = c.rawArgs().strip().toLowerCase(Locale.ROOT);
        if (!java.util.Set.of("off", "none", "remove", "clear").contains(arg)) {
            ctx.refuse(c, SoundWording.musicUsage(cs, !c.chat().isPrivate()));
            return;
        }
        Storybook sb = storybooks.findOpen(c.chat()).orElse(null);
        if (sb == null || sb.settings().musicBlob() == null) {
            ctx.refuse(c, SoundWording.noMusic(cs));
            return;
        }
        if (sb.state().running()) {
            ctx.refuse(c, SoundWording.musicWhileRunning(cs));
            return;
        }
        ctx.unconfirm(sb);
        storybooks.setSettings(sb.id(), sb.settings().withMusicFile(null, null));
        ctx.reply(c.chat(), c.source(), SoundWording.musicRemoved());
    }

    /** The file's own extension helps FFmpeg guess the format; anything odd becomes ".audio". */
    private static String suffix(String name) {
        if (name != null && name.matches(".*\\.[A-Za-z0-9]{1,5}")) {
            return name.substring(name.lastIndexOf('.')).toLowerCase(Locale.ROOT);
        }
        return ".audio";
    }
}
