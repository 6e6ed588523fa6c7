package io.storyreel.app.telegram;

import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** /setkeys: the message holding the keys is deleted at once; in a group the keys are refused with a rotate warning. */
class TelegramKeysTest {
    private TelegramStack stack;

    @BeforeEach
    void start() throws Exception {
        stack = TelegramStack.start();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void privateSetkeysDeletesTheMessageChecksTheKeysAndShowsThemMasked() {
        var tg = stack.telegram;
        SimUser dana = tg.user(301, "Dana");
        SimChat dm = tg.privateChat(dana);

        int wrong = tg.sendCommand(dm, dana, "/setkeys kling " + stack.kling.accessKey() + " not-the-right-secret-key-000");
        SimMessage refused = stack.awaitTextAfter(dm, wrong, "did not accept those keys");
        assertThat(tg.message(dm, wrong).orElseThrow().deleted()).isTrue();
        assertThat(refused.text()).doesNotContain("not-the-right-secret-key-000");

        int sent = stack.setKlingKeys(dm, dana, stack.kling.accessKey(), stack.kling.secretKey());
        assertThat(tg.message(dm, sent).orElseThrow().deleted()).isTrue();
        SimMessage saved = stack.awaitTextAfter(dm, sent, "Saved your Kling");
        assertThat(saved.text()).doesNotContain(stack.kling.secretKey()).doesNotContain(stack.kling.accessKey())
                .contains("accepted them");

        int keys = tg.sendCommand(dm, dana, "/keys");
        assertThat(stack.awaitTextAfter(dm, keys, "You have keys for").text()).contains("kling");
        assertThat(tg.journal().count("deleteMessage", dm)).isEqualTo(2);
    }

    @Test
    void keysPostedInAGroupAreDeletedRefusedAndTheWarningSaysRotate() {
        var tg = stack.telegram;
        SimUser eve = tg.user(302, "Eve");
        SimChat group = tg.group(-6001, "Admins");
        tg.setBotAdmin(group, true);

        int posted = tg.sendCommand(group, eve, "/setkeys kling " + stack.kling.accessKey() + " " + stack.kling.secretKey());
        SimMessage warning = stack.awaitTextAfter(group, posted, "never post API keys");
        assertThat(tg.message(group, posted).orElseThrow().deleted()).isTrue();
        assertThat(warning.text()).contains("I deleted that message").contains("rotate")
                .doesNotContain(stack.kling.secretKey());

        SimChat dm = tg.privateChat(eve);
        int keys = tg.sendCommand(dm, eve, "/keys");
        stack.awaitTextAfter(dm, keys, "You have no keys saved"); // nothing posted in a group is stored
    }

    @Test
    void whereTheBotMayNotDeleteTheWarningSaysSoInsteadOfClaimingItDid() {
        var tg = stack.telegram;
        SimUser fay = tg.user(303, "Fay");
        SimChat group = tg.group(-6002, "Not admin here");

        int posted = tg.sendCommand(group, fay, "/setkeys kling " + stack.kling.accessKey() + " " + stack.kling.secretKey());
        SimMessage warning = stack.awaitTextAfter(group, posted, "never post API keys");
        assertThat(tg.message(group, posted).orElseThrow().deleted()).isFalse();
        assertThat(warning.text()).contains("could not delete that message").contains("please delete it now")
                .contains("rotate").doesNotContain("I deleted");
    }
}
