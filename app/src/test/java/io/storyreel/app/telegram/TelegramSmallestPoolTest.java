package io.storyreel.app.telegram;

import io.storyreel.app.SettingRangesTest;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The smallest database pool the example config allows ({@code database.pool-size}, read from the file) is enough for
 * the whole bot: Flyway migrates (it holds two connections at once), and a three-clip film is made and delivered
 * while the engine's workers, the retention job and the chat share the pool.
 */
class TelegramSmallestPoolTest {
    @Test
    void aFilmIsMadeWithTheSmallestPoolTheSettingsAllow() throws Exception {
        String smallest = SettingRangesTest.numericSettings().stream()
                .filter(n -> n.key().equals("database.pool-size")).findFirst().orElseThrow().min().toPlainString();
        try (TelegramStack stack = TelegramStack.start(TelegramStack.Options.defaults()
                .withSetting("database.pool-size", smallest))) {
            assertThat(stack.config.database().poolSize()).isEqualTo(Integer.parseInt(smallest));
            SimUser alex = stack.telegram.user(4848, "Alex");
            SimChat chat = stack.telegram.privateChat(alex);
            stack.telegram.sendAlbum(chat, alex, List.of(
                    new AlbumPart(TestImages.jpeg(480, 360), "a red fox jumps over the fence"),
                    new AlbumPart(TestImages.jpeg(400, 400), "the fox runs into the forest"),
                    new AlbumPart(TestImages.jpeg(360, 480), "night falls over the trees")));
            stack.await(chat, "3 of 6 photos");
            stack.setKlingKeys(chat, alex, stack.kling.accessKey(), stack.kling.secretKey());
            SimMessage film = stack.makeAndConfirm(chat, alex, alex);
            assertThat(film.caption()).contains("3 clips");
            assertThat(stack.kling.journal().createsFor(stack.kling.accessKey())).isEqualTo(3);
        }
    }
}
