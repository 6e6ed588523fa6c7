package io.storyreel.app.telegram;

import io.storyreel.app.engine.DownloadGate;
import io.storyreel.core.download.HostileCdn;
import io.storyreel.sim.kling.KlingSimulator;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.telegram.SimButton;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A finished clip whose link turns hostile, through the whole bot (Telegram conversation, durable engine, the real
 * Kling client and simulator): the link redirects to an internal address, or streams without end, or trickles a byte
 * at a time. In every case the download is refused (the internal host is never asked, nothing is left on disk, the
 * deadline holds), the clip pauses with a retry button and a plain reason, a retry downloads again instead of creating
 * again, and the simulator's journal shows one paid create.
 */
class HostileResultLinkTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a redirect to another loopback address | /redirect-internal | an address the bot does not download from",
            "an endless body                        | /endless           | larger than the 1 MB allowed",
            "a trickling server                     | /trickle           | took too long",
    })
    void aHostileResultLinkFailsTheClipRetryablyAndIsPaidOnce(String name, String route, String reason)
            throws Exception {
        try (HostileCdn cdn = HostileCdn.on("127.0.0.1");
             HostileCdn internal = HostileCdn.on("127.0.0.2");
             KlingSimulator kling = KlingSimulator.start(SimSettings.fast().withClipSeconds(1));
             DownloadGate gate = new DownloadGate(kling.baseUrl())) {
            cdn.route("/redirect-internal", ex -> {
                ex.getResponseHeaders().set("Location", internal.url("/latest/meta-data/iam/security-credentials/")
                        .replace("http:", "https:"));
                ex.sendResponseHeaders(302, -1);
            });
            gate.redirectVideosTo(cdn.url(route));
            // the CDN stands in for a configured service (so plain http on loopback is allowed to reach it at all);
            // the internal host on 127.0.0.2 is configured nowhere
            TelegramStack.Options options = TelegramStack.Options.defaults()
                    .withSetting("kling.base-url", gate.baseUrl())
                    .withSetting("minimax.base-url", cdn.url(""))
                    .withSetting("downloads.max-clip-mb", "1")
                    .withSetting("downloads.timeout-seconds", "1")
                    .withEngine(e -> e.withMaxStepFailures(1));
            try (TelegramStack stack = TelegramStack.start(options)) {
                var tg = stack.telegram;
                SimUser ida = tg.user(4260, "Ida", "ida");
                SimChat chat = tg.privateChat(ida);
                tg.sendPhoto(chat, ida, TestImages.jpeg(480, 360), "the kite rises");
                stack.await(chat, "1 of 6 photos");
                int keys = tg.sendCommand(chat, ida, "/setkeys kling " + kling.accessKey() + " " + kling.secretKey());
                stack.awaitTextAfter(chat, keys, "Saved your Kling");

                int make = tg.sendCommand(chat, ida, "/make");
                SimMessage estimate = stack.awaitAfter(chat, make, m -> button(m, "Confirm") != null);
                tg.pressButton(chat, ida, estimate.messageId(), button(estimate, "Confirm").callbackData());
                SimMessage paused = stack.awaitAfter(chat, estimate.messageId(),
                        m -> m.textOrCaption().contains("could not be downloaded"));

                assertThat(paused.textOrCaption()).contains("Clip 1 failed", reason)
                        .doesNotContain("127.0.0", "meta-data", "http");
                assertThat(button(paused, "Retry clip 1")).as("the clip can be retried").isNotNull();
                assertThat(kling.journal().createsFor(kling.accessKey())).isEqualTo(1);
                assertThat(internal.totalHits()).as("the internal host was never asked").isZero();
                assertThat(partialFiles(stack.data)).as("nothing left on disk").isEmpty();

                // a retry fetches the paid clip again (and meets the same link): no second create
                tg.pressButton(chat, ida, paused.messageId(), button(paused, "Retry clip 1").callbackData());
                stack.awaitAfter(chat, paused.messageId(), m -> m.textOrCaption().contains("could not be downloaded"));
                assertThat(kling.journal().createsFor(kling.accessKey())).as("one paid create").isEqualTo(1);
                assertThat(internal.totalHits()).isZero();
                assertThat(partialFiles(stack.data)).isEmpty();
            }
        }
    }

    private static SimButton button(SimMessage m, String label) {
        return m.buttons().stream().flatMap(List::stream).filter(b -> b.text().contains(label)).findFirst()
                .orElse(null);
    }

    /** Downloads in progress or left behind, and anything bigger than a photo, in the blob store's temp folder. */
    private static List<Path> partialFiles(Path data) throws Exception {
        Path tmp = data.resolve("blobs").resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".download-") || size(f) > 500_000)
                    .toList();
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (Exception e) {
            return 0;
        }
    }
}
