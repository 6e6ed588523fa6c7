package io.storyreel.core.conversation;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.Message;
import io.storyreel.core.generation.DeliveryChoice;
import io.storyreel.core.generation.DeliveryStop;
import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.storybook.Film;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;

import java.util.List;
import java.util.Optional;

/**
 * The choices offered when a finished film did not surely reach the chat (send it again, as a file, smaller,
 * shorter), as buttons, and their presses. The engine decides whether a choice is still open, so two presses (a
 * double tap, or two members) start it once; every member of the chat may choose, as no money is spent.
 */
final class DeliveryChoices {
    private final ChatContext ctx;
    private final GenerationEngine engine;
    private final FilmRepository films;
    private final StorybookRepository storybooks;

    DeliveryChoices(ChatContext ctx, GenerationEngine engine, FilmRepository films, StorybookRepository storybooks) {
        this.ctx = ctx;
        this.engine = engine;
        this.films = films;
        this.storybooks = storybooks;
    }

    /** One row with a button per choice the stop leaves open. */
    static List<List<Button>> buttons(String filmId, DeliveryStop stop) {
        if (stop.choices().isEmpty()) {
            return List.of();
        }
        return List.of(stop.choices().stream()
                .map(c -> new ButtonAction(ButtonAction.Verb.FILM_CHOICE, filmId, c.code()).button(DeliveryWording.label(stop, c)))
                .toList());
    }

    /** A member pressed one of the choices under the message about film {@code a.target()}. */
    void pressed(ChatEvent.ButtonPressed b, ButtonAction a) {
        Optional<DeliveryChoice> choice = DeliveryChoice.ofCode(a.arg() == null ? "" : a.arg());
        Optional<Film> film = a.target() == null ? Optional.empty() : films.find(a.target());
        boolean here = film.flatMap(f -> storybooks.find(f.storybookId())).map(Storybook::chat)
                .filter(c -> c.key().equals(b.chat().key())).isPresent();
        if (choice.isEmpty() || !here) {
            ctx.answerPress(b, Wording.staleButton());
            return;
        }
        if (!engine.deliverAgain(film.get().id(), choice.get())) {
            ctx.answerPress(b, DeliveryWording.alreadyChosen());
            return;
        }
        ctx.editQuietly(b.message(), Message.text(DeliveryWording.chosen(choice.get())));
    }
}
