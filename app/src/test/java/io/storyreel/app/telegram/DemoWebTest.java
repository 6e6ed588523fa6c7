package io.storyreel.app.telegram;

import io.storyreel.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code storyreel demo --web}: the demo with the storyboard page, and a one-time link printed to open it. */
class DemoWebTest {
    @TempDir
    Path tmp;

    @Test
    void theDemoPrintsAOneTimeLinkToAPageShowingItsFilm() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream before = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> Main.execute("demo", "--web",
                    "--web-hold", "20", "--out", tmp.resolve("demo.mp4").toString(), "--clip-seconds", "1"));
            Pattern link = Pattern.compile("Storyboard page \\(a one-time link; open it once\\): (http://127\\.0\\.0\\.1:\\d+/signin/\\S+)");
            long until = System.currentTimeMillis() + 240_000;
            while (!console.toString(StandardCharsets.UTF_8).contains("stays up for")) {
                assertThat(System.currentTimeMillis()).as(console.toString(StandardCharsets.UTF_8)).isLessThan(until);
                assertThat(demo).isNotDone();
                Thread.sleep(200);
            }
            Matcher m = link.matcher(console.toString(StandardCharsets.UTF_8));
            assertThat(m.find()).as(console.toString(StandardCharsets.UTF_8)).isTrue();
            PageClient page = new PageClient(m.group(1).replaceAll("/signin/.*", ""));
            assertThat(page.get(m.group(1)).statusCode()).isEqualTo(200);
            HttpResponse<String> shown = page.page();
            assertThat(shown.statusCode()).isEqualTo(200);
            assertThat(shown.body()).contains("Signed in as Alex").contains("<video id=\"film\"");
            assertThat(new PageClient(page.base).get(m.group(1)).statusCode()).as("used once").isEqualTo(403);
            assertThat(demo.get(60, TimeUnit.SECONDS)).isZero();
        } finally {
            System.setOut(before);
        }
    }
}
