package io.storyreel.app.telegram;

import io.storyreel.app.zoetrope.ZoetropeProvider;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimButton;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider added from the test tree only ({@code io.storyreel.app.zoetrope}: one package, one line in
 * {@code META-INF/services}, its YAML) is offered by the unchanged bot: it is in the {@code /provider} menu and the
 * {@code /setkeys} usage, its keys are kept, and a film is made with it, through the whole real stack.
 */
class TelegramThirdProviderTest {

    @Test
    void aProviderRegisteredFromTheTestTreeIsOfferedAndMakesAFilm() throws Exception {
        try (TelegramStack stack = TelegramStack.start()) {
            var tg = stack.telegram;
            SimUser zoe = tg.user(4250, "Zoe", "zoe");
            SimChat chat = tg.privateChat(zoe);

            int menu = tg.sendCommand(chat, zoe, "/provider");
            SimMessage providers = stack.awaitTextAfter(chat, menu, "Which provider");
            assertThat(providers.text()).contains("Kling", "MiniMax", "Zoetrope: ", "(Spin 1, 2 s)");
            SimButton zoetrope = providers.buttons().stream().flatMap(List::stream)
                    .filter(b -> b.text().startsWith("Zoetrope")).findFirst().orElseThrow();

            int usage = tg.sendCommand(chat, zoe, "/setkeys");
            assertThat(stack.awaitTextAfter(chat, usage, "/setkeys zoetrope TOKEN").text())
                    .contains("/setkeys kling ACCESS_KEY SECRET_KEY", "/setkeys minimax API_KEY");

            tg.pressButton(chat, zoe, providers.messageId(), zoetrope.callbackData());
            stack.await(chat, "made with Zoetrope");
            tg.sendAlbum(chat, zoe, List.of(
                    new AlbumPart(TestImages.jpeg(480, 360), "the horse starts to gallop"),
                    new AlbumPart(TestImages.jpeg(400, 400), "the horse leaps the fence")));
            stack.await(chat, "2 of 6 photos");
            int keys = tg.sendCommand(chat, zoe, "/setkeys zoetrope spin-token-0001");
            stack.awaitTextAfter(chat, keys, "Saved your Zoetrope keys");

            int before = ZoetropeProvider.CREATES.size();
            SimMessage film = stack.makeAndConfirm(chat, zoe, zoe);

            assertThat(film.caption()).contains("Zoetrope").contains("2 clips");
            assertThat(ZoetropeProvider.CREATES.size() - before).isEqualTo(2);
            assertThat(stack.kling.journal().creates()).as("nothing went to Kling").isZero();
            stack.assertFilmIsSumOfClips(film.video(), 2);
        }
    }
}
