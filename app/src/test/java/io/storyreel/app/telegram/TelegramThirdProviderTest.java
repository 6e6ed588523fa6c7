package io.storyreel.app.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.app.zoetrope.ZoetropeProvider;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimButton;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider added from the test tree only ({@code io.storyreel.app.zoetrope}: one package, one line in
 * {@code META-INF/services}, its YAML) is offered by the unchanged bot: it is in the {@code /provider} menu and the
 * {@code /setkeys} usage, its keys are kept, and a film is made with it, through the whole real stack.
 */
class TelegramThirdProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /**
     * A parameter declared only in zoetrope.yml ({@code wobble}, 0 to 5) is on the settings card with its default,
     * range and description; a value out of range is refused with the range named and nothing is created; a value in
     * range reaches every create's JSON body at the declared field (snapshot), and the estimate and the film's
     * caption say it.
     */
    @Test
    void aParameterDeclaredOnlyInTheYamlIsOfferedCheckedAndSent() throws Exception {
        try (TelegramStack stack = TelegramStack.start()) {
            var tg = stack.telegram;
            SimUser wim = tg.user(4251, "Wim", "wim");
            SimChat chat = tg.privateChat(wim);
            int choose = tg.sendCommand(chat, wim, "/provider zoetrope");
            stack.awaitTextAfter(chat, choose, "made with Zoetrope");
            int card = tg.sendCommand(chat, wim, "/settings");
            assertThat(stack.awaitTextAfter(chat, card, "Settings (Zoetrope)").text())
                    .contains("• wobble: 1 (default) (a number from 0 to 5, whole numbers) · How much the spun clip wobbles");

            int created = ZoetropeProvider.CREATES.size();
            int tooMuch = tg.sendCommand(chat, wim, "/settings wobble 9");
            assertThat(stack.awaitTextAfter(chat, tooMuch, "can't use that setting").text())
                    .isEqualTo("I can't use that setting: wobble takes a number from 0 to 5, whole numbers.");
            int set = tg.sendCommand(chat, wim, "/settings wobble 3");
            assertThat(stack.awaitTextAfter(chat, set, "Settings (Zoetrope)").text()).contains("• wobble: 3 (a number");

            tg.sendPhoto(chat, wim, TestImages.jpeg(480, 360), "the horse starts to gallop");
            stack.await(chat, "1 of 6 photos");
            int keys = tg.sendCommand(chat, wim, "/setkeys zoetrope spin-token-0003");
            stack.awaitTextAfter(chat, keys, "Saved your Zoetrope keys");
            assertThat(ZoetropeProvider.CREATES).as("the refused value created nothing").hasSize(created);
            int sent = ZoetropeProvider.REQUESTS.size();
            int make = tg.sendCommand(chat, wim, "/make");
            SimMessage estimate = stack.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null);
            assertThat(estimate.text()).contains("(Spin 1, 2 s) · clips\nWith wobble 3\n");
            tg.pressButton(chat, wim, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());
            SimMessage film = tg.awaitBotMessage(chat, m -> m.messageId() > estimate.messageId() && m.hasVideo(),
                    TelegramStack.FILM);

            assertThat(film.caption()).contains("With wobble 3");
            List<String> bodies = ZoetropeProvider.REQUESTS.subList(sent, ZoetropeProvider.REQUESTS.size());
            assertThat(bodies).hasSize(1);
            try (InputStream snapshot = getClass().getResourceAsStream("zoetrope-create-wobble.json")) {
                assertThat(JSON.readTree(bodies.get(0))).isEqualTo(JSON.readTree(snapshot));
            }
        }
    }
}
