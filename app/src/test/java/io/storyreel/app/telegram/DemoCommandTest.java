package io.storyreel.app.telegram;

import io.storyreel.app.Main;
import io.storyreel.app.demo.SamplePhotos;
import io.storyreel.core.image.HostilePhotos;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.sim.telegram.TestImages;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code storyreel demo}: the whole offline film, and its refusals of bad input (exit 2, one clear line). */
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theDemoWritesAFilmAsLongAsItsClips() throws Exception {
        Path out = tmp.resolve("out").resolve("demo.mp4");
        Path data = tmp.resolve("data");
        Run run = demo("--out", out.toString(), "--clip-seconds", "1", "--keep-data", data.toString());

        assertThat(run.code()).isZero();
        // the chat as it ends: the status message's last words below the progress, no Cancel left under a made film
        String chat = run.out().substring(run.out().indexOf("── The chat"), run.out().indexOf("── Stage timings"));
        assertThat(chat).contains("✅ Done! Your film is below.", "🎬 video").doesNotContain("⏹ Cancel");
        assertThat(out).isRegularFile();
        double sum = 0;
        int clips = 0;
        BlobStore blobs = BlobStore.files(data.resolve("blobs"));
        try (Database db = Database.open(Database.h2Url(data), null, null, 2);
             Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT blob FROM clip WHERE state = 'DOWNLOADED'")) {
            while (rs.next()) {
                sum += Mp4Checks.inspect(blobs.path(rs.getString(1))).videoSeconds();
                clips++;
            }
        }
        assertThat(clips).isPositive();
        assertThat(Mp4Checks.inspect(out).videoSeconds()).isCloseTo(sum, Offset.offset(0.2));
    }

    @Test
    void theDemoTakesTheUsersOwnPhotosAndMakesTheFilmWithMiniMax() throws Exception {
        Path a = Files.write(tmp.resolve("a.jpg"), TestImages.jpeg(640, 480));
        Path b = Files.write(tmp.resolve("b.png"), TestImages.png(480, 640));
        Path out = tmp.resolve("mm.mp4");
        Path data = tmp.resolve("mm-data");
        int code = Main.execute("demo", "--provider", "minimax", "--photo", a.toString(), "--prompt", "the cat wakes up",
                "--photo", b.toString(), "--prompt", "and runs off", "--out", out.toString(), "--clip-seconds", "1",
                "--keep-data", data.toString());

        assertThat(code).isZero();
        double sum = 0;
        List<String> providers = new ArrayList<>();
        BlobStore blobs = BlobStore.files(data.resolve("blobs"));
        try (Database db = Database.open(Database.h2Url(data), null, null, 2);
             Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT blob, provider FROM clip WHERE state = 'DOWNLOADED'")) {
            while (rs.next()) {
                sum += Mp4Checks.inspect(blobs.path(rs.getString(1))).videoSeconds();
                providers.add(rs.getString(2));
            }
        }
        assertThat(providers).containsExactly("minimax", "minimax");
        assertThat(Mp4Checks.inspect(out).videoSeconds()).isCloseTo(sum, Offset.offset(0.2));
    }

    /**
     * {@code --provider runway} and {@code --provider google}: the film is made through each one's simulator with the
     * provider's default model, and plays: frames, the length of its clips, the index before the media.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"runway, gen4_turbo, false", "google, veo-3.1-fast-generate-preview, true"})
    void theDemoMakesAPlayableFilmThroughRunwayAndGoogleVeo(String provider, String model, boolean sound)
            throws Exception {
        Path out = tmp.resolve(provider + ".mp4");
        Path data = tmp.resolve(provider + "-data");
        int code = Main.execute("demo", "--provider", provider, "--out", out.toString(), "--clip-seconds", "1",
                "--keep-data", data.toString());

        assertThat(code).isZero();
        double sum = 0;
        List<String> made = new ArrayList<>();
        BlobStore blobs = BlobStore.files(data.resolve("blobs"));
        try (Database db = Database.open(Database.h2Url(data), null, null, 2);
             Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT blob, provider, model FROM clip "
                     + "WHERE state = 'DOWNLOADED'")) {
            while (rs.next()) {
                Mp4Checks.Report clip = Mp4Checks.inspect(blobs.path(rs.getString(1)));
                assertThat(clip.hasAudio()).as("%s clips with sound", provider).isEqualTo(sound);
                sum += clip.videoSeconds();
                made.add(rs.getString(2) + " " + rs.getString(3));
            }
        }
        assertThat(made).hasSize(SamplePhotos.all().size()).allMatch((provider + " " + model)::equals);
        Mp4Checks.Report film = Mp4Checks.inspect(out);
        assertThat(film.videoSeconds()).isCloseTo(sum, Offset.offset(0.2));
        assertThat(film.frames()).isPositive();
        assertThat(film.width()).isPositive();
        assertThat(film.monotonicDts()).isTrue();
        assertThat(Mp4Checks.moovBeforeMdat(out)).as("plays while it downloads").isTrue();
    }

    /** {@code --provider fal}: the film is made through the fal.ai simulator's queue, with fal's default model. */
    @Test
    void theDemoMakesAPlayableFilmThroughFal() throws Exception {
        Path out = tmp.resolve("fal.mp4");
        Path data = tmp.resolve("fal-data");
        int code = Main.execute("demo", "--provider", "fal", "--out", out.toString(), "--clip-seconds", "1",
                "--keep-data", data.toString());

        assertThat(code).isZero();
        double sum = 0;
        List<String> made = new ArrayList<>();
        BlobStore blobs = BlobStore.files(data.resolve("blobs"));
        try (Database db = Database.open(Database.h2Url(data), null, null, 2);
             Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT blob, provider, model, provider_task_id FROM clip "
                     + "WHERE state = 'DOWNLOADED'")) {
            while (rs.next()) {
                sum += Mp4Checks.inspect(blobs.path(rs.getString(1))).videoSeconds();
                made.add(rs.getString(2) + " " + rs.getString(3));
                assertThat(rs.getString(4)).as("fal's follow-up URLs kept with the clip")
                        .matches("fal-ai/pika/requests/[0-9a-f-]{36}");
            }
        }
        assertThat(made).isNotEmpty().allMatch("fal pika-2.2"::equals);
        Mp4Checks.Report film = Mp4Checks.inspect(out);
        assertThat(film.videoSeconds()).isCloseTo(sum, Offset.offset(0.2));
        assertThat(film.width()).isPositive();
    }

    private record Run(int code, String err, String out) {
    }

    private static Run demo(String... args) {
        PrintStream savedErr = System.err;
        PrintStream savedOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            List<String> all = new ArrayList<>(List.of("demo"));
            all.addAll(List.of(args));
            return new Run(Main.execute(all.toArray(String[]::new)), err.toString(StandardCharsets.UTF_8),
                    out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(savedErr);
            System.setOut(savedOut);
        }
    }

    private static void assertOneLine(Run r, String expected) {
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err().strip().lines()).hasSize(1).first().asString().startsWith("storyreel: ").contains(expected);
    }

    @Test
    void theDemoMakesAPortraitBridgesFilm() throws Exception {
        Path out = tmp.resolve("bridges.mp4");
        Path data = tmp.resolve("bridges-data");
        int code = Main.execute("demo", "--mode", "bridges", "--aspect", "9:16", "--out", out.toString(),
                "--clip-seconds", "1", "--keep-data", data.toString());

        assertThat(code).isZero();
        Mp4Checks.Report film = Mp4Checks.inspect(out);
        assertThat((double) film.width() / film.height()).isCloseTo(9 / 16.0, Offset.offset(0.01));
        List<String> requests = new ArrayList<>();
        try (Database db = Database.open(Database.h2Url(data), null, null, 2);
             Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT request_json FROM clip WHERE state = 'DOWNLOADED' ORDER BY position")) {
            while (rs.next()) {
                requests.add(rs.getString(1));
            }
        }
        // every photo but the last starts a bridge to the next one; the last has its own clip
        assertThat(requests).hasSizeGreaterThan(1);
        assertThat(requests.subList(0, requests.size() - 1)).allMatch(r -> r.contains("\"endImageBlob\""));
        assertThat(requests.get(requests.size() - 1)).doesNotContain("endImageBlob");
    }

    @Test
    void theDemoPutsTheMusicUnderTheFilm() throws Exception {
        Path music = io.storyreel.core.video.testing.Tones.writeWav(tmp.resolve("theme.wav"), 1.5, 200, 0.8);
        Path out = tmp.resolve("music.mp4");
        int code = Main.execute("demo", "--music", music.toString(), "--out", out.toString(), "--clip-seconds", "1");

        assertThat(code).isZero();
        float[] pcm = Mp4Checks.decodeAudio(out);
        double seconds = pcm.length / 48000.0;
        // the demo's clips are silent: the music sounds at 30 % of 0.8 through the film until its 2 s fade-out
        assertThat(io.storyreel.core.video.testing.Tones.amplitude(pcm, 0.2, seconds - 2.2, 200))
                .isCloseTo(0.24, Offset.offset(0.04));
    }

    @Test
    void aMusicFileThatIsNoSoundExitsWithOneClearLine() throws Exception {
        Path text = Files.writeString(tmp.resolve("song.mp3"), "this is not sound");
        String out = tmp.resolve("film.mp4").toString();
        assertOneLine(demo("--out", out, "--music", text.toString()), "song.mp3: That file is not sound we can play.");
        assertOneLine(demo("--out", out, "--music", tmp.resolve("gone.mp3").toString()), "music file not found");
        assertThat(Path.of(out)).doesNotExist();
    }

    @Test
    void badInputExitsWithOneClearLine() throws Exception {
        Path photo = Files.write(tmp.resolve("cat.jpg"), TestImages.jpeg(480, 360));
        Path text = Files.writeString(tmp.resolve("notes.jpg"), "this is not a photo");
        String out = tmp.resolve("film.mp4").toString();

        assertOneLine(demo("--out", out, "--photo", tmp.resolve("missing.jpg").toString(), "--prompt", "x"),
                "photo not found");
        assertOneLine(demo("--out", out, "--photo", text.toString(), "--prompt", "x"), "not a photo I can use");
        assertOneLine(demo("--out", out, "--photo", photo.toString()), "has no --prompt");
        List<String> seven = new ArrayList<>(List.of("--out", out));
        for (int i = 0; i < 7; i++) {
            seven.addAll(List.of("--photo", photo.toString(), "--prompt", "scene " + i));
        }
        assertOneLine(demo(seven.toArray(String[]::new)), "at most 6 photos");
        assertOneLine(demo("--out", out, "--mode", "flowing"), "--mode must be clips or bridges");
        assertOneLine(demo("--out", out, "--aspect", "4:3"), "--aspect must be 16:9, 9:16 or 1:1");
        assertThat(Path.of(out)).doesNotExist();
    }

    @Test
    void aPhotoTheBotWouldRefuseEndsTheDemoAtOnceWithTheBotsOwnSentence() throws Exception {
        String out = tmp.resolve("film.mp4").toString();
        for (HostilePhotos.Sample s : HostilePhotos.bad()) {
            Path photo = Files.write(tmp.resolve(s.fileName()), s.bytes());
            long start = System.nanoTime();
            Run r = demo("--out", out, "--photo", photo.toString(), "--prompt", "a scene");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertOneLine(r, photo + ": " + s.refusal());
            assertThat(r.err()).doesNotContain("Exception", "\tat ");
            assertThat(seconds).as("%s refused before anything started", s).isLessThan(5);
        }
        assertThat(Path.of(out)).doesNotExist();
    }

    @Test
    void aPhotoAProviderWouldRefuseEndsTheDemoWithTheBotsReasonInsteadOfAWait() throws Exception {
        // 200×150 passes collection (at least 128 px) but Kling takes nothing under 300 px: the bot says so at /make
        Path small = Files.write(tmp.resolve("small.jpg"), TestImages.jpeg(200, 150));
        long start = System.nanoTime();
        Run r = demo("--out", tmp.resolve("film.mp4").toString(), "--photo", small.toString(), "--prompt", "a scene");
        assertOneLine(r, "the bot refused: I can't make the film yet:");
        assertThat(r.err()).contains("200×150 pixels", "at least 300 pixels").doesNotContain("Exception");
        assertThat((System.nanoTime() - start) / 1e9).as("no minute-long wait").isLessThan(40);
    }

    @Test
    void theGoodAwkwardPhotosMakeAFilm() throws Exception {
        List<String> args = new ArrayList<>();
        List<HostilePhotos.Sample> good = HostilePhotos.good();
        for (HostilePhotos.Sample s : good) {
            args.addAll(List.of("--photo", Files.write(tmp.resolve(s.fileName()), s.bytes()).toString(),
                    "--prompt", "the " + s.fileName() + " comes alive"));
        }
        Path out = tmp.resolve("awkward.mp4");
        Path data = tmp.resolve("awkward-data");
        args.addAll(List.of("--out", out.toString(), "--clip-seconds", "1", "--keep-data", data.toString()));
        Run r = demo(args.toArray(String[]::new));

        assertThat(r.code()).as(r.err()).isZero();
        try (Database db = Database.open(Database.h2Url(data), null, null, 2);
             Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM clip WHERE state = 'DOWNLOADED'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(good.size());
        }
        assertThat(Mp4Checks.inspect(out).videoSeconds()).isGreaterThan(good.size() - 0.5);
    }
}
