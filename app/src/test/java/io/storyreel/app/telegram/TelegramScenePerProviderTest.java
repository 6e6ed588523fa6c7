package io.storyreel.app.telegram;

import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.sim.fal.FalSimulator;
import io.storyreel.sim.minimax.MiniMaxSimulator;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * A provider per scene through the whole bot (real Telegram stack, the Kling, fal.ai and MiniMax simulators over
 * HTTP): a three-scene Kling film whose scene 2 is on fal.ai (Kling 3.0 Pro with sound) and scene 3 on MiniMax
 * (Hailuo 2.3 Fast). A member without fal.ai and MiniMax keys is told exactly which keys are missing and nothing is
 * created anywhere; with them, the estimate prices clips 2 and 3 on their providers and totals per provider, each
 * clip is created once on its own simulator with the confirmer's own keys (accounts of hers, not the simulators'
 * defaults), and the mixed film (Kling's silent 720p 30 fps, fal's 1080p 24 fps with sound and MiniMax's 768p 25 fps,
 * as the simulators make them per model) is merged by copy after each clip was normalised as it landed: as long as
 * its clips, every frame there, no A/V drift at either join, its index first.
 */
class TelegramScenePerProviderTest {
    private static final String ZOE_KLING_ACCESS = "zoe-own-kling-access-key";
    private static final String ZOE_KLING_SECRET = "zoe-own-kling-secret-key-0123456789";
    private static final String ZOE_FAL_KEY = "zoe-own-fal-key-9f8e7d6c:0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String ZOE_MINIMAX_KEY = "zoe-own-minimax-api-key-0123456789";

    private FalSimulator fal;
    private MiniMaxSimulator minimax;

    @BeforeEach
    void startSimulators() {
        fal = FalSimulator.start(SimSettings.fast().withClipSeconds(1)).addKey(ZOE_FAL_KEY);
        minimax = MiniMaxSimulator.start(SimSettings.fast().withClipSeconds(1)).addAccount(ZOE_MINIMAX_KEY);
    }

    @AfterEach
    void stopSimulators() {
        fal.close();
        minimax.close();
    }

    @Test
    void aKlingFilmWithScenesOnFalAndMiniMaxIsPricedPerProviderAndMergedByCopy() throws Exception {
        try (TelegramStack stack = TelegramStack.start(TelegramStack.Options.defaults()
                .withSetting("fal.base-url", fal.baseUrl()).withSetting("minimax.base-url", minimax.baseUrl()))) {
            var tg = stack.telegram;
            stack.kling.addAccount(ZOE_KLING_ACCESS, ZOE_KLING_SECRET);
            SimUser zoe = tg.user(4260, "Zoe", "zoe");
            SimChat chat = tg.privateChat(zoe);
            stack.setKlingKeys(chat, zoe, ZOE_KLING_ACCESS, ZOE_KLING_SECRET);
            tg.sendAlbum(chat, zoe, List.of(
                    new AlbumPart(TestImages.jpeg(480, 360), "the lighthouse at dawn"),
                    new AlbumPart(TestImages.jpeg(400, 400), "the storm rolls in"),
                    new AlbumPart(TestImages.jpeg(640, 360), "the storm passes")));
            stack.await(chat, "3 of 6 photos");
            int model = tg.sendCommand(chat, zoe, "/settings model kling-v1"); // 720p at 30 fps
            stack.awaitTextAfter(chat, model, "Settings (Kling AI)");

            int unknown = tg.sendCommand(chat, zoe, "/scene 2 provider pika");
            assertThat(stack.awaitTextAfter(chat, unknown, "I don't know the provider").text())
                    .contains("kling", "minimax", "fal", "or default").endsWith("Nothing was changed.");
            int choose = tg.sendCommand(chat, zoe, "/scene 2 provider fal model kling-3-pro-sound");
            assertThat(stack.awaitTextAfter(chat, choose, "Scene 2 will be made with fal.ai").text())
                    .contains("(Kling 3.0 Pro with sound (fal)").endsWith("the other scenes keep the storybook's Kling AI.");
            int third = tg.sendCommand(chat, zoe, "/scene 3 provider minimax model MiniMax-Hailuo-2.3-Fast");
            assertThat(stack.awaitTextAfter(chat, third, "Scene 3 will be made with MiniMax Hailuo").text())
                    .contains("Hailuo 2.3 Fast");
            int list = tg.sendCommand(chat, zoe, "/list");
            assertThat(stack.awaitTextAfter(chat, list, "the storm rolls in").textOrCaption())
                    .contains("2. the storm rolls in – fal.ai, Kling 3.0 Pro with sound (fal)")
                    .contains("3. the storm passes – MiniMax Hailuo, Hailuo 2.3 Fast");

            // no fal.ai or MiniMax keys yet: told which, and nothing is created on any simulator
            int make = tg.sendCommand(chat, zoe, "/make");
            assertThat(stack.awaitTextAfter(chat, make, "can't make the film").text())
                    .contains("You have no keys for fal.ai and MiniMax Hailuo yet")
                    .contains("/setkeys fal ", "/setkeys minimax ")
                    .doesNotContain("Kling AI yet");
            assertThat(stack.kling.journal().creates()).isZero();
            assertThat(fal.journal().creates()).isZero();
            assertThat(minimax.journal().creates()).isZero();

            int keys = tg.sendCommand(chat, zoe, "/setkeys fal " + ZOE_FAL_KEY);
            stack.awaitTextAfter(chat, keys, "Saved your fal.ai");
            int mmKeys = tg.sendCommand(chat, zoe, "/setkeys minimax " + ZOE_MINIMAX_KEY);
            stack.awaitTextAfter(chat, mmKeys, "Saved your MiniMax");
            int again = tg.sendCommand(chat, zoe, "/make");
            SimMessage estimate = stack.awaitAfter(chat, again, m -> TelegramStack.confirmButton(m) != null);
            assertThat(estimate.text()).contains("3 clips with Kling AI (")
                    .containsPattern("Clip 2 \\(fal\\.ai, Kling 3\\.0 Pro with sound \\(fal\\), 3 s\\): \\$\\d+\\.\\d\\d\n")
                    .containsPattern("Clip 3 \\(MiniMax Hailuo, Hailuo 2\\.3 Fast[^\n]*\\): \\$\\d+\\.\\d\\d\n")
                    .containsPattern("\nKling AI \\$\\d+\\.\\d\\d \\([\\d.]+ units\\) · fal\\.ai \\$\\d+\\.\\d\\d"
                            + " · MiniMax Hailuo \\$\\d+\\.\\d\\d\n")
                    .contains("Paid with your own Kling AI, fal.ai and MiniMax Hailuo keys.");
            tg.pressButton(chat, zoe, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());
            SimMessage film = tg.awaitBotMessage(chat, m -> m.messageId() > estimate.messageId() && m.hasVideo(),
                    TelegramStack.FILM);

            // one paid create per clip, each on its own provider, all with the confirmer's own keys
            assertThat(stack.kling.journal().creates()).as("clip 1 on Kling").isEqualTo(1);
            assertThat(stack.kling.journal().createsFor(ZOE_KLING_ACCESS)).isEqualTo(1);
            List<CallJournal.Call> falCreates = fal.journal().calls().stream().filter(CallJournal.Call::created).toList();
            assertThat(falCreates).as("clip 2 on fal.ai, with Kling 3.0 Pro").hasSize(1)
                    .allMatch(c -> c.path().contains("kling-video/v3/pro"))
                    .allMatch(c -> ZOE_FAL_KEY.equals(c.credentialId()));
            assertThat(minimax.journal().creates()).as("clip 3 on MiniMax").isEqualTo(1);
            assertThat(minimax.journal().createsFor(ZOE_MINIMAX_KEY)).isEqualTo(1);
            assertThat(clipRows(stack)).containsExactly("1 kling kling-v1", "2 fal kling-3-pro-sound",
                    "3 minimax MiniMax-Hailuo-2.3-Fast");

            // the mixed film: as long as its clips, every frame there, its index before its data
            Path mp4 = Files.createTempFile(stack.data, "mixed-", ".mp4");
            Files.write(mp4, film.video());
            List<Path> clips = stack.clipsOfLatestFilm();
            assertThat(clips).hasSize(3);
            double sum = 0;
            List<Mp4Checks.Report> parts = new ArrayList<>();
            double[] joins = new double[clips.size() - 1];
            for (int i = 0; i < clips.size(); i++) {
                Mp4Checks.Report r = Mp4Checks.inspect(clips.get(i));
                parts.add(r);
                sum += r.videoSeconds();
                if (i < joins.length) {
                    joins[i] = sum;
                }
            }
            // the clips really differ: Kling's silent 720p 30 fps, fal's 1080p 24 fps with sound, MiniMax's 768p 25 fps
            assertThat(parts.stream().map(r -> Math.min(r.width(), r.height())).toList()).containsExactly(720, 1080, 768);
            Set<Long> rates = parts.stream().map(r -> Math.round(r.fps())).collect(Collectors.toSet());
            assertThat(rates).containsExactlyInAnyOrder(30L, 24L, 25L);
            assertThat(parts.get(1).hasAudio()).isTrue();
            assertThat(parts.get(0).hasAudio()).isFalse();
            assertThat(parts.get(2).hasAudio()).isFalse();
            Mp4Checks.Report merged = Mp4Checks.inspect(mp4);
            assertThat(merged.videoSeconds()).isCloseTo(sum, offset(0.2));
            assertThat((double) merged.frames()).isCloseTo(merged.videoSeconds() * merged.fps(), offset(2.0));
            assertThat(merged.monotonicDts()).isTrue();
            assertThat(Mp4Checks.moovBeforeMdat(mp4)).isTrue();
            // clip 2's tone starts and stops where its pictures do: no drift at either join
            assertThat(merged.hasAudio()).isTrue();
            assertThat(merged.audioSeconds()).isCloseTo(merged.videoSeconds(), offset(0.04));
            for (double drift : Mp4Checks.joinDrifts(mp4, joins, new double[]{0, 440, 0})) {
                assertThat(Math.abs(drift)).as("A/V drift at a join").isLessThanOrEqualTo(0.04);
            }
            // each clip was normalised onto the film's canvas as it landed, so the film itself was a copy
            assertThat(one(stack, "SELECT COUNT(*) FROM clip WHERE normalised_blob IS NOT NULL")).isEqualTo("3");
            assertThat(one(stack, "SELECT merge_path FROM film")).isEqualTo("copy");
        }
    }

    private static String one(TelegramStack stack, String query) throws Exception {
        try (Connection c = stack.bot.database().dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery(query)) {
            assertThat(rs.next()).as(query).isTrue();
            return rs.getString(1);
        }
    }

    private static List<String> clipRows(TelegramStack stack) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = stack.bot.database().dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT position, provider, model FROM clip ORDER BY position")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        return out;
    }
}
