package io.storyreel.app.telegram;

import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's endpoint of a running bot (on PostgreSQL, as a scaled-out installation runs): {@code /metrics} scraped
 * while a film is being made shows the film and clip gauges, the provider and spend counters and the chat API counters
 * moving; {@code /healthz} answers; {@code /readyz} is ready, and fails (503, naming the database) once PostgreSQL is
 * stopped under the running bot.
 */
class OpsEndpointTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void metricsMoveDuringAFilmAndReadinessFollowsTheDatabase() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        boolean pgOpen = true;
        try (TelegramStack stack = TelegramStack.start(TelegramStack.Options.defaults()
                .withSetting("database.url", pg.getJdbcUrl("postgres", "postgres"))
                .withSetting("database.user", "postgres"))) {
            String base = "http://127.0.0.1:" + stack.bot.opsPort();
            assertThat(stack.bot.opsPort()).isPositive();
            assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> get(base + "/readyz").statusCode() == 200);
            assertThat(get(base + "/readyz").body()).contains("\"database\":\"ok\"", "\"telegram\":\"ok\"", "\"disk\":\"ok");
            Scrape before = scrape(base);
            assertThat(before.value("storyreel_films", "state", "generating")).isZero();
            assertThat(before.text).contains("jvm_memory_used_bytes", "hikaricp_connections", "process_uptime_seconds");

            // a film whose clips stay at the provider for a while, so a scrape lands in the middle of it
            stack.kling.faults().taskDuration(Duration.ofSeconds(6));
            SimUser ann = stack.telegram.user(9101, "Ann");
            SimChat chat = stack.telegram.privateChat(ann);
            stack.telegram.sendCommand(chat, ann, "/start");
            stack.await(chat, "/make");
            stack.telegram.sendAlbum(chat, ann, List.of(new AlbumPart(TestImages.jpeg(480, 360), "a fox"),
                    new AlbumPart(TestImages.jpeg(480, 360), "a hare")));
            stack.await(chat, "2 of 6 photos");
            stack.setKlingKeys(chat, ann, stack.kling.accessKey(), stack.kling.secretKey());
            CompletableFuture<SimMessage> film = CompletableFuture.supplyAsync(() -> stack.makeAndConfirm(chat, ann, ann));

            List<Scrape> during = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                Scrape s = scrape(base);
                during.add(s);
                return s.value("storyreel_films", "state", "generating") == 1
                        && s.value("storyreel_clips", "state", "running") + s.value("storyreel_clips", "state", "submitted")
                        + s.value("storyreel_clips", "state", "queued") >= 1;
            });
            film.get(120, java.util.concurrent.TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> scrape(base).value("storyreel_films", "state", "done") == 1);
            Scrape after = scrape(base);

            assertThat(before.value("storyreel_provider_paid_creates_total", "provider", "kling")).isZero();
            assertThat(during).as("paid creates and their spend counted while the film was still being made")
                    .anyMatch(s -> s.value("storyreel_provider_paid_creates_total", "provider", "kling") == 2
                            && s.value("storyreel_spend_estimated_usd_total", "provider", "kling") > 0
                            && s.value("storyreel_films", "state", "generating") == 1);
            assertThat(after.value("storyreel_provider_paid_creates_total", "provider", "kling"))
                    .as("one paid create per clip, as the simulator saw").isEqualTo(2)
                    .isEqualTo((double) stack.kling.journal().creates());
            assertThat(after.value("storyreel_clip_latency_seconds_count", "provider", "kling", "outcome", "downloaded"))
                    .isEqualTo(2);
            assertThat(after.value("storyreel_clip_latency_seconds_sum", "provider", "kling"))
                    .as("each clip took the simulator's 6 s at least").isGreaterThanOrEqualTo(12);
            assertThat(after.value("storyreel_clip_queue_seconds_count", "provider", "kling")).isEqualTo(2);
            assertThat(after.value("storyreel_merge_seconds_count")).isEqualTo(1);
            assertThat(after.value("storyreel_delivery_size_bytes_count", "platform", "telegram")).isEqualTo(1);
            assertThat(after.value("storyreel_delivery_size_bytes_sum", "platform", "telegram"))
                    .isEqualTo((double) film.get().video().length);
            assertThat(during).as("the scheduler's queue held the clips' tasks")
                    .anyMatch(s -> s.value("storyreel_scheduler_tasks", "task", "clip") >= 1);
            assertThat(after.value("storyreel_films", "state", "generating")).isZero();
            assertThat(after.value("storyreel_clips", "state", "downloaded")).isEqualTo(2);
            assertThat(after.value("storyreel_chat_api_calls_total", "platform", "telegram", "outcome", "ok"))
                    .isGreaterThan(before.value("storyreel_chat_api_calls_total", "platform", "telegram", "outcome", "ok"));

            // the database goes away under the running bot: not ready, and the answer says why
            pg.close();
            pgOpen = false;
            await().atMost(Duration.ofSeconds(20)).until(() -> get(base + "/readyz").statusCode() == 503);
            HttpResponse<String> notReady = get(base + "/readyz");
            assertThat(notReady.body()).contains("\"database\":\"failed").contains("\"status\":\"not ready\"");
            assertThat(get(base + "/healthz").statusCode()).as("the process itself is still up").isEqualTo(200);
        } finally {
            if (pgOpen) {
                pg.close();
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Scrape scrape(String base) throws Exception {
        HttpResponse<String> r = get(base + "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return new Scrape(r.body());
    }

    /** One Prometheus text-format scrape, read line by line. */
    record Scrape(String text) {
        private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)$");

        /** The sum of the series {@code name} whose labels include every given pair (0 when there is none). */
        double value(String name, String... labels) {
            Map<String, String> want = new java.util.HashMap<>();
            for (int i = 0; i < labels.length; i += 2) {
                want.put(labels[i], labels[i + 1]);
            }
            double sum = 0;
            for (String line : text.split("\n")) {
                Matcher m = LINE.matcher(line);
                if (!m.matches() || !m.group(1).equals(name)) {
                    continue;
                }
                String l = m.group(3) == null ? "" : m.group(3);
                boolean all = want.entrySet().stream().allMatch(e -> l.contains(e.getKey() + "=\"" + e.getValue() + "\""));
                if (all) {
                    double v = Double.parseDouble(m.group(4));
                    sum += Double.isNaN(v) ? 0 : v;
                }
            }
            return sum;
        }
    }
}
