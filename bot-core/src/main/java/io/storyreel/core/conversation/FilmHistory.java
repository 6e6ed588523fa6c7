package io.storyreel.core.conversation;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatPort;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storybook.Film;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.storyreel.core.conversation.ChatContext.groupReply;

/**
 * The chat's past films: {@code history} lists them, each kept one with a button that sends it again from its stored
 * file; a film whose file the retention sweep deleted is listed with how long it was kept, and has no button.
 */
final class FilmHistory {
    private static final int HISTORY_SIZE = 10;

    private final ChatContext ctx;
    private final StorybookRepository storybooks;
    private final FilmRepository films;
    private final BlobStore blobs;

    FilmHistory(ChatContext ctx, StorybookRepository storybooks, FilmRepository films, BlobStore blobs) {
        this.ctx = ctx;
        this.storybooks = storybooks;
        this.films = films;
        this.blobs = blobs;
    }

    /** {@code history}: the chat's last films. */
    void history(ChatEvent.Command c) {
        List<Film> list = films.listForChat(c.chat(), HISTORY_SIZE);
        List<List<Button>> rows = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Film f = list.get(i);
            String title = storybooks.find(f.storybookId()).map(Storybook::title).orElse(null);
            double seconds = f.durationMs() / 1000.0;
            if (f.daysKept().isPresent()) {
                deleted.add(FilmWording.historyDeleted(i + 1, title, seconds, f.daysKept().getAsLong()));
            } else {
                rows.add(List.of(new ButtonAction(ButtonAction.Verb.RESEND_FILM, f.id(), null)
                        .button(FilmWording.historyLabel(i + 1, title, seconds))));
            }
        }
        ctx.say(c.chat(), Message.text(FilmWording.history(list.size(), deleted)).withButtons(rows)
                .replyingTo(groupReply(c.chat(), c.source())));
    }

    /** A film of the history: sent again from its stored file. */
    void resendFilm(ChatEvent.ButtonPressed b, String filmId) {
        ChatRef chat = b.chat();
        Optional<Film> film = filmId == null ? Optional.empty() : films.find(filmId);
        Optional<Storybook> sb = film.flatMap(f -> storybooks.find(f.storybookId()));
        boolean here = sb.isPresent() && sb.get().chat().key().equals(chat.key());
        if (here && film.get().daysKept().isPresent()) {
            ctx.answerPress(b, FilmWording.filmDeleted(film.get().daysKept().getAsLong())); // a button shown before the sweep
            return;
        }
        if (film.isEmpty() || !here || !blobs.exists(film.get().blob())) {
            ctx.answerPress(b, FilmWording.filmGone());
            return;
        }
        Film f = film.get();
        String caption = f.caption() != null ? f.caption()
                : FilmWording.filmCaption(sb.get().title(), f.provider(), f.model(), "", f.clips(),
                sb.get().settings(), f.durationMs() / 1000.0, f.costUsd(), f.costUsd(), 0, null, List.of(), List.of(),
                null);
        ctx.port(chat).showActivity(chat, ChatPort.Activity.UPLOAD_VIDEO);
        ctx.port(chat).sendVideo(chat, blobs.path(f.blob()), caption, FilmProgress.filmButtons(sb.get(), f.clips(), ctx.shots(sb.get())));
    }
}
