package io.storyreel.app;

import io.storyreel.app.demo.DemoRun;
import io.storyreel.app.demo.DemoSettings;
import io.storyreel.app.demo.SamplePhotos;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.image.ImageInspector;
import io.storyreel.core.provider.fal.FalProvider;
import io.storyreel.core.storybook.Aspect;
import io.storyreel.core.provider.google.VeoProvider;
import io.storyreel.core.provider.kling.KlingProvider;
import io.storyreel.core.provider.minimax.MiniMaxProvider;
import io.storyreel.core.provider.runway.RunwayProvider;
import io.storyreel.core.video.MusicFile;
import io.storyreel.core.video.VideoException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Play a whole private Telegram chat offline and write the film.",
                "Starts the provider simulator, a fake Telegram Bot API server and the real bot on 127.0.0.1, then "
                        + "acts as a user: /start, an album of photos with captions, /provider, /setkeys, /make, "
                        + "Confirm. Prints the chat as the user saw it and a table of stage timings."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--photo", paramLabel = "FILE", description = "A photo of yours (JPEG, PNG, WebP or GIF); repeat 1 "
            + "to 6 times, each followed by its --prompt. The bot's own photo checks run first: a photo it would refuse "
            + "ends the demo at once with its reason. Default: the bundled sample photos.")
    List<Path> photos = new ArrayList<>();

    @Option(names = "--prompt", paramLabel = "TEXT", description = "What should happen in the photo before it.")
    List<String> prompts = new ArrayList<>();

    @Option(names = "--provider", paramLabel = "NAME", description = "kling (default), minimax, runway, google or fal.")
    String provider = KlingProvider.ID;

    @Option(names = "--mode", paramLabel = "MODE", description = "clips (default: each photo its own clip) or bridges "
            + "(each clip ends on the next photo; the demo picks the provider's first model that can).")
    String mode = "clips";

    @Option(names = "--aspect", paramLabel = "RATIO", description = "The film's shape: 16:9, 9:16 or 1:1 (photos of "
            + "another shape are centre-cropped). Default: the first photo's.")
    String aspect;

    @Option(names = "--music", paramLabel = "FILE", description = "An audio file sent as the film's music (mp3, "
            + "m4a, ogg, wav, flac…): looped or trimmed to the film, faded out at its end.")
    Path music;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the film (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("out", "storyreel-demo.mp4");

    @Option(names = "--clip-seconds", paramLabel = "S", description = "Length of each simulated clip "
            + "(default: ${DEFAULT-VALUE}; the real services make 5 to 10 s).")
    double clipSeconds = 2.0;

    @Option(names = "--keep-data", paramLabel = "DIR", description = "Keep the demo's database and blobs in DIR "
            + "(default: a temporary folder, deleted afterwards).")
    Path keepData;

    @Option(names = "--web", description = "Also serve the storyboard page on 127.0.0.1 and print a one-time link to it; "
            + "the page stays up after the film until the demo is stopped (see --web-hold).")
    boolean web;

    @Option(names = "--web-port", paramLabel = "PORT", description = "The page's port with --web (default: a free one).")
    int webPort;

    @Option(names = "--web-hold", paramLabel = "S", description = "With --web, keep the page up this many seconds after "
            + "the film (default: until stopped).")
    Integer webHold;

    @Override
    public Integer call() throws Exception {
        String p = provider.toLowerCase(Locale.ROOT);
        if (!List.of(KlingProvider.ID, MiniMaxProvider.ID, RunwayProvider.ID, VeoProvider.ID, FalProvider.ID).contains(p)) {
            throw new UserInputException("--provider must be kling, minimax, runway, google or fal, not '" + provider + "'");
        }
        if (clipSeconds < 0.5 || clipSeconds > 10) {
            throw new UserInputException("--clip-seconds must be between 0.5 and 10, not " + clipSeconds);
        }
        String m = mode.toLowerCase(Locale.ROOT);
        if (!List.of("clips", "bridges").contains(m)) {
            throw new UserInputException("--mode must be clips or bridges, not '" + mode + "'");
        }
        if (aspect != null && Aspect.parse(aspect).isEmpty()) {
            throw new UserInputException("--aspect must be 16:9, 9:16 or 1:1, not '" + aspect + "'");
        }
        List<String> settings;
        try {
            settings = DemoSettings.lines(p, m.equals("bridges"), aspect == null ? null : Aspect.parse(aspect).get().label());
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        if (music != null) {
            checkMusic(music);
        }
        List<DemoRun.Photo> scenes = scenes();
        try {
            if (webPort < 0 || webPort > 65535 || (webHold != null && webHold < 0)) {
                throw new UserInputException("--web-port must be 0 to 65535 and --web-hold 0 or more");
            }
            DemoRun run = new DemoRun(p, scenes, out, clipSeconds, keepData, System.out).withSettings(settings);
            if (music != null) {
                run.withMusic(music);
            }
            if (web) {
                run.withPage(webPort, webHold == null ? null : java.time.Duration.ofSeconds(webHold));
            }
            return run.run();
        } catch (DemoRun.Refused r) {
            throw new UserInputException("the bot refused: " + r.getMessage());
        } catch (DemoRun.GaveUp g) {
            System.err.println("storyreel: " + g.getMessage());
            return 1;
        }
    }

    /** The bot's own checks on a music file, so one it would refuse ends the demo before it starts. */
    private static void checkMusic(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException("music file not found: " + file);
        }
        try {
            if (Files.size(file) > StoryreelConfig.Limits.DEFAULT_MUSIC_BYTES) {
                throw new UserInputException(file + ": music files may be at most "
                        + StoryreelConfig.Limits.DEFAULT_MUSIC_BYTES / (1024 * 1024) + " MB");
            }
            double seconds = MusicFile.seconds(file);
            if (seconds > StoryreelConfig.Limits.DEFAULT_MUSIC_SECONDS) {
                throw new UserInputException(file + ": music may play at most "
                        + StoryreelConfig.Limits.DEFAULT_MUSIC_SECONDS + " s, this plays " + Math.round(seconds) + " s");
            }
        } catch (IOException e) {
            throw new UserInputException("cannot read " + file + ": " + e.getMessage());
        } catch (VideoException e) {
            throw new UserInputException(file + ": " + e.getMessage());
        }
    }

    private List<DemoRun.Photo> scenes() {
        if (photos.isEmpty() && prompts.isEmpty()) {
            return SamplePhotos.all().stream().map(s -> new DemoRun.Photo(s.fileName(), s.jpeg(), s.prompt())).toList();
        }
        if (photos.size() > 6) {
            throw new UserInputException("at most 6 photos make one film; you gave " + photos.size());
        }
        if (photos.isEmpty()) {
            throw new UserInputException("--prompt needs a --photo before it");
        }
        List<DemoRun.Photo> out = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            Path f = photos.get(i);
            if (i >= prompts.size() || prompts.get(i).isBlank()) {
                throw new UserInputException("photo " + f + " has no --prompt (give one --prompt after each --photo)");
            }
            if (!Files.isRegularFile(f)) {
                throw new UserInputException("photo not found: " + f);
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new UserInputException("cannot read " + f + ": " + e.getMessage());
            }
            try {
                DemoRun.checkPhoto(bytes);
            } catch (ImageInspector.Rejected r) {
                throw new UserInputException(f + ": " + r.getMessage());
            }
            out.add(new DemoRun.Photo(f.getFileName().toString(), bytes, prompts.get(i)));
        }
        if (prompts.size() > photos.size()) {
            throw new UserInputException("more --prompt than --photo: each prompt belongs to the photo before it");
        }
        return out;
    }
}
