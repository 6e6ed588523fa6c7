package io.storyreel.app.discord;

import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.sim.discord.FakeDiscord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A film larger than what the channel accepts: the fake Discord's per-file limit is 300 KB and the bot is configured
 * to match ({@code discord.upload-limit-mb}); clips of noisy photos merge into more than that, and the delivered file
 * is fitted under the limit and still plays.
 */
class DiscordOversizeFilmTest {
    private static final long FAKE_LIMIT = 300 * 1024;
    private static final String BOT_LIMIT_MB = "0.29"; // 304,087 bytes: just under the fake's limit
    private static final String AK = "AKbig00000000001";
    private static final String SK = "SKbig00000000002";

    private DiscordStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anOversizeFilmIsFittedUnderTheUploadLimitAndPlays() throws Exception {
        stack = DiscordStack.start(DiscordStack.Options.defaults().withUploadLimit(FAKE_LIMIT, BOT_LIMIT_MB)
                .withClipSeconds(2));
        stack.kling.addAccount(AK, SK);
        FakeDiscord.User ann = stack.user("Ann");
        FakeDiscord.Channel club = stack.channel("big-club");
        stack.setKlingKeys(ann, club, AK, SK);
        for (int i = 1; i <= 2; i++) {
            FakeDiscord.Interaction add = stack.storyAdd(ann, club,
                    DiscordStack.jpeg("noise" + i + ".jpg", NoisyImages.of(960, 720, i, "jpg")), "static " + i);
            int n = i;
            // the first photo also opens the storybook, which is announced in the channel first
            stack.answerTo(add, p -> p.content().contains("Added scene " + n));
        }
        stack.pressConfirm(ann, stack.make(ann, club));
        FakeDiscord.Posted film = stack.awaitFilm(club);

        long clipBytes;
        try (Connection c = stack.bot.database().dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT blob FROM clip WHERE state = 'DOWNLOADED'")) {
            clipBytes = 0;
            var blobs = io.storyreel.core.storage.BlobStore.files(stack.config.dataDir().resolve("blobs"));
            while (rs.next()) {
                clipBytes += java.nio.file.Files.size(blobs.path(rs.getString(1)));
            }
        }
        assertThat(clipBytes).as("the clips alone exceed the limit").isGreaterThan(FAKE_LIMIT);
        byte[] delivered = DiscordStack.film(film).orElseThrow().bytes();
        assertThat((long) delivered.length).isLessThanOrEqualTo(304_087L).isLessThanOrEqualTo(FAKE_LIMIT);
        Path mp4 = stack.saveFilm(film);
        Mp4Checks.Report report = Mp4Checks.inspect(mp4);
        assertThat(report.videoCodec()).isEqualTo("h264");
        assertThat(report.frames()).isPositive();
        assertThat(report.videoSeconds()).isBetween(3.5, 4.5);
        assertThat(stack.discord.requests()).noneMatch(r -> r.status() == 413);
    }

    @Test
    void aFilmIsFittedToNinetyFiveToAHundredPercentOfTheChannelsLimitInOneUpload() throws Exception {
        long limit = 200_000;
        stack = DiscordStack.start(DiscordStack.Options.defaults()
                .withUploadLimit(limit, new java.math.BigDecimal(limit).divide(new java.math.BigDecimal(1024 * 1024))
                        .toPlainString()).withClipSeconds(1));
        FakeDiscord.Channel club = stack.channel("small-club");
        FakeDiscord.Posted film = noisyFilm(club, 3, 640, 480, 20);

        byte[] delivered = DiscordStack.film(film).orElseThrow().bytes();
        assertThat((long) delivered.length).isLessThanOrEqualTo(limit).isGreaterThanOrEqualTo((long) (limit * 0.95));
        Mp4Checks.Report report = Mp4Checks.inspect(stack.saveFilm(film));
        assertThat(report.videoCodec()).isEqualTo("h264");
        assertThat(report.videoSeconds()).isBetween(2.5, 3.5);
        assertThat(stack.discord.requests()).noneMatch(r -> r.status() == 413);
        assertThat(stack.discord.messages(club).stream().filter(p -> DiscordStack.film(p).isPresent()))
                .as("one upload").hasSize(1);
        assertThat(stack.kling.journal().creates()).isEqualTo(3);
    }

    @Test
    void aFilmOverTenMibIsFittedToTheLimitTheInteractionAnnounced() throws Exception {
        // the bot's default discord.upload-limit-mb (20 MiB, Discord's default since 2026-09) against a server whose
        // interactions announce attachment_size_limit = 10 MiB (and which refuses more): the announced limit wins
        long limit = 10L * 1024 * 1024;
        stack = DiscordStack.start(DiscordStack.Options.defaults().withUploadLimit(limit, "20").withClipSeconds(3));
        FakeDiscord.Channel club = stack.channel("ten-mib-club");
        FakeDiscord.Posted film = noisyFilm(club, 3, 960, 720, 10);

        long clipBytes = 0;
        var blobs = io.storyreel.core.storage.BlobStore.files(stack.config.dataDir().resolve("blobs"));
        try (Connection c = stack.bot.database().dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT blob FROM clip WHERE state = 'DOWNLOADED'")) {
            while (rs.next()) {
                clipBytes += java.nio.file.Files.size(blobs.path(rs.getString(1)));
            }
        }
        assertThat(clipBytes).as("the clips alone exceed 10 MiB").isGreaterThan(limit);
        byte[] delivered = DiscordStack.film(film).orElseThrow().bytes();
        assertThat((long) delivered.length).isLessThanOrEqualTo(limit).isGreaterThan(limit / 2);
        Mp4Checks.Report report = Mp4Checks.inspect(stack.saveFilm(film));
        assertThat(report.videoCodec()).isEqualTo("h264");
        assertThat(report.videoSeconds()).isBetween(8.5, 9.5);
        assertThat(stack.discord.requests()).noneMatch(r -> r.status() == 413);
    }

    /** Ann (with Kling keys) adds {@code scenes} photos of noise to {@code club} and confirms: the film posted. */
    private FakeDiscord.Posted noisyFilm(FakeDiscord.Channel club, int scenes, int width, int height, int seed)
            throws Exception {
        stack.kling.addAccount(AK, SK);
        FakeDiscord.User ann = stack.user("Ann");
        stack.setKlingKeys(ann, club, AK, SK);
        for (int i = 1; i <= scenes; i++) {
            FakeDiscord.Interaction add = stack.storyAdd(ann, club,
                    DiscordStack.jpeg("grain" + i + ".jpg", NoisyImages.of(width, height, seed + i, "jpg")), "film grain " + i);
            int n = i;
            stack.answerTo(add, p -> p.content().contains("Added scene " + n));
        }
        stack.pressConfirm(ann, stack.make(ann, club));
        return stack.awaitFilm(club);
    }
}
