package io.storyreel.app.discord;

import io.storyreel.sim.discord.FakeDiscord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /web} on Discord: an ephemeral one-time link, for the member who asked, to the channel's storyboard page. */
class DiscordStoryboardLinkTest {
    private DiscordStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void webAnswersOnlyTheMemberWithALinkToTheChannelsPage() throws Exception {
        stack = DiscordStack.start(DiscordStack.Options.defaults().withSetting("web.port", "0"));
        FakeDiscord.User ann = stack.user("Ann");
        FakeDiscord.Channel club = stack.channel("film-club");
        stack.answerTo(stack.discord.slash(ann, club, "story", "new", Map.of("title", "Kites")));

        FakeDiscord.Posted answer = stack.answerTo(stack.discord.slash(ann, club, "web", null, Map.of()),
                p -> p.content().contains("/signin/"));
        assertThat(answer.ephemeral()).isTrue();
        assertThat(answer.visibleTo()).isEqualTo(ann.id());
        Matcher m = Pattern.compile("(http://\\S+/signin/\\S+)").matcher(answer.content());
        assertThat(m.find()).isTrue();

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> in = http.send(HttpRequest.newBuilder(URI.create(m.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(in.statusCode()).isEqualTo(200);
        String cookie = in.headers().firstValue("Set-Cookie").orElseThrow().replaceAll(";.*", "");
        HttpResponse<String> board = http.send(HttpRequest.newBuilder(URI.create(m.group(1).replaceAll("/signin/.*", "/board")))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(board.statusCode()).isEqualTo(200);
        assertThat(board.body()).contains("Kites");
    }
}
