package io.storyreel.app.telegram;

import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storyboard page of a whole running bot (fake Telegram, Kling simulator) over HTTP: who gets in, what they see,
 * what a change needs, and that the page and the chat are one storybook.
 */
class StoryboardPageAccessTest {
    private static final Pattern LINK = Pattern.compile("(http://\\S+/signin/\\S+)");
    private TelegramStack stack;
    private SimUser alex;
    private SimChat alexChat;
    private String base;

    @BeforeEach
    void start() throws Exception {
        stack = TelegramStack.start(TelegramStack.Options.defaults().withSetting("web.port", "0"));
        alex = stack.telegram.user(4242, "Alex", "alex");
        alexChat = stack.telegram.privateChat(alex);
        base = "http://127.0.0.1:" + stack.bot.web().orElseThrow().port();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    /** {@code /web} in the chat, and the link the bot answered with. */
    static String webLink(TelegramStack stack, SimChat chat, SimUser user) {
        int sent = stack.telegram.sendCommand(chat, user, "/web");
        SimMessage answer = stack.awaitTextAfter(chat, sent, "/signin/");
        Matcher m = LINK.matcher(answer.text());
        assertThat(m.find()).as(answer.text()).isTrue();
        return m.group(1);
    }

    private PageClient signedIn(SimChat chat, SimUser user) throws Exception {
        return signedIn(stack, chat, user);
    }

    /** A page client on {@code stack}'s storyboard page, signed in through the link {@code /web} gives {@code user}. */
    static PageClient signedIn(TelegramStack stack, SimChat chat, SimUser user) throws Exception {
        PageClient page = new PageClient("http://127.0.0.1:" + stack.bot.web().orElseThrow().port());
        assertThat(page.get(webLink(stack, chat, user)).statusCode()).isEqualTo(200);
        assertThat(page.page().statusCode()).isEqualTo(200);
        return page;
    }

    @Test
    void aLinkSignsInOnceWithAStrictHttpOnlyCookie() throws Exception {
        PageClient nobody = new PageClient(base);
        assertThat(nobody.get("/").statusCode()).isEqualTo(401);
        assertThat(nobody.get("/board").statusCode()).isEqualTo(401);

        String link = webLink(stack, alexChat, alex);
        PageClient page = new PageClient(base);
        HttpResponse<String> in = page.get(link);
        assertThat(in.statusCode()).isEqualTo(200);
        String cookie = in.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("storyreel_session="))
                .findFirst().orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
        HttpResponse<String> shown = page.page();
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("Signed in as Alex");

        // used, forged, or expired: refused, and no session
        PageClient again = new PageClient(base);
        assertThat(again.get(link).statusCode()).isEqualTo(403);
        assertThat(again.get("/").statusCode()).isEqualTo(401);
        assertThat(again.get(link.replaceAll("/signin/.*", "/signin/forged-token-forged-token")).statusCode()).isEqualTo(403);
        String late = webLink(stack, alexChat, alex);
        try (Connection c = stack.bot.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE web_link SET expires_at = ? WHERE used_at IS NULL")) {
            ps.setLong(1, System.currentTimeMillis() - 1); // the link's minutes have passed
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(again.get(late).statusCode()).isEqualTo(403);
    }

    @Test
    void aMiniAppSignsInWithInitDataSignedForThisBotOnlyOnceAndWhileFresh() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String user = "{\"id\":4242,\"first_name\":\"Alex\"}";
        PageClient app = new PageClient(base);
        String good = signed(stack.telegram.token(), now - 10, user);
        assertThat(app.post("/miniapp", Map.of("initData", good), false).statusCode()).isEqualTo(204);
        assertThat(app.page().statusCode()).isEqualTo(200);
        assertThat(app.page().body()).contains("Signed in as Alex");

        PageClient other = new PageClient(base);
        assertThat(other.post("/miniapp", Map.of("initData", good), false).statusCode()).as("reused").isEqualTo(403);
        assertThat(other.post("/miniapp", Map.of("initData", signed("1:not-this-bot", now, user)), false).statusCode())
                .as("forged").isEqualTo(401);
        assertThat(other.post("/miniapp", Map.of("initData", signed(stack.telegram.token(), now - 7200, user)), false)
                .statusCode()).as("stale").isEqualTo(403);
        assertThat(other.get("/").statusCode()).isEqualTo(401);
    }

    @Test
    void anotherChatsPhotosAndFilmsAreRefused() throws Exception {
        SimUser bob = stack.telegram.user(777, "Bob", "bob");
        SimChat bobChat = stack.telegram.privateChat(bob);
        stack.telegram.sendPhoto(bobChat, bob, TestImages.jpeg(400, 300), "bob's secret scene");
        stack.await(bobChat, "1 of 6 photos");
        stack.telegram.sendPhoto(alexChat, alex, TestImages.jpeg(400, 300), "alex's scene");
        stack.await(alexChat, "1 of 6 photos");
        PageClient page = signedIn(alexChat, alex);

        assertThat(page.get("/photo/" + sceneId("TELEGRAM:4242")).statusCode()).isEqualTo(200);
        assertThat(page.get("/photo/" + sceneId("TELEGRAM:777")).statusCode()).isEqualTo(403);
        assertThat(page.get("/board").body()).contains("alex's scene").doesNotContain("bob");
        assertThat(page.get("/film/" + "00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(403);
    }

    @Test
    void aChangeWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        stack.telegram.sendAlbum(alexChat, alex, List.of(new AlbumPart(TestImages.jpeg(480, 360), "a fox"),
                new AlbumPart(TestImages.jpeg(400, 400), "a bird")));
        stack.await(alexChat, "2 of 6 photos");
        PageClient page = signedIn(alexChat, alex);

        HttpResponse<String> stale = page.post("/remove", Map.of("scene", "1"), false);
        assertThat(stale.statusCode()).isEqualTo(403);
        assertThat(stale.body()).as("said where the page shows answers").contains("class=\"said\"")
                .contains("This page is out of date, so nothing was changed. Reload it and try again.");
        assertThat(page.post("/remove", Map.of("scene", "1", "csrf", "guessed"), false).statusCode()).isEqualTo(403);
        HttpResponse<String> signedOut = new PageClient(page.base).post("/remove", Map.of("scene", "1"), false);
        assertThat(signedOut.statusCode()).isEqualTo(401);
        assertThat(signedOut.body()).contains("This page is no longer signed in, so nothing was changed. Send /web to");
        assertThat(page.get("/board").body()).contains("a fox").contains("a bird");

        HttpResponse<String> removed = page.post("/remove", Map.of("scene", "1"), true);
        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(removed.body()).contains("Removed scene 1");
        assertThat(page.get("/board").body()).doesNotContain("a fox").contains("a bird");
    }

    @Test
    void theChatAndThePageAreOneStorybook() throws Exception {
        stack.telegram.sendAlbum(alexChat, alex, List.of(new AlbumPart(TestImages.jpeg(480, 360), "a red fox"),
                new AlbumPart(TestImages.jpeg(400, 400), "a blue bird"),
                new AlbumPart(TestImages.jpeg(360, 480), "a green frog")));
        stack.await(alexChat, "3 of 6 photos");
        PageClient page = signedIn(alexChat, alex);

        // a reorder on the page: the chat is told, and /list shows it
        int before = lastId();
        HttpResponse<String> moved = page.post("/move", Map.of("from", "3", "to", "1"), true);
        assertThat(moved.statusCode()).isEqualTo(200);
        stack.awaitTextAfter(alexChat, before, "Moved scene 3");
        int list = stack.telegram.sendCommand(alexChat, alex, "/list");
        assertThat(stack.awaitTextAfter(alexChat, list, "3 of 6 photos").caption())
                .contains("1. a green frog").contains("2. a red fox").contains("3. a blue bird");

        // a prompt edited on the page is the chat's prompt
        page.post("/prompt", Map.of("scene", "2", "text", "a red fox leaps"), true);
        int list2 = stack.telegram.sendCommand(alexChat, alex, "/list");
        assertThat(stack.awaitTextAfter(alexChat, list2, "3 of 6 photos").caption()).contains("2. a red fox leaps");

        // /remove in the chat: gone from the page
        int rm = stack.telegram.sendCommand(alexChat, alex, "/remove 1");
        stack.awaitTextAfter(alexChat, rm, "Removed scene 1");
        assertThat(page.get("/board").body()).doesNotContain("a green frog").contains("a red fox leaps");

        // the page's bad input gets the chat's own sentence, on the page only
        int quiet = lastId();
        HttpResponse<String> bad = page.post("/move", Map.of("from", "1", "to", "9"), true);
        assertThat(bad.body()).contains("There is no scene 9");
        assertThat(stack.telegram.botMessages(alexChat).stream().filter(m -> m.messageId() > quiet)
                .map(SimMessage::textOrCaption)).noneMatch(t -> t.contains("no scene 9"));
    }

    @Test
    void inAGroupTheLinkGoesToTheMembersPrivateChatAndOpensTheGroupsStorybook() throws Exception {
        SimChat group = stack.telegram.group(-5001, "Film club");
        stack.telegram.sendPhoto(group, alex, TestImages.jpeg(400, 300), "/add the group's first scene");
        stack.await(group, "1 of 6 photos");
        int asked = stack.telegram.sendCommand(group, alex, "/web");
        stack.awaitTextAfter(group, asked, "I sent you the link to the storyboard page in our private chat");
        assertThat(stack.telegram.botMessages(group)).noneMatch(m -> m.textOrCaption().contains("/signin/"));
        SimMessage dm = stack.await(alexChat, "storyboard page for the group");
        Matcher m = LINK.matcher(dm.text());
        assertThat(m.find()).isTrue();
        PageClient page = new PageClient(base);
        assertThat(page.get(m.group(1)).statusCode()).isEqualTo(200);
        assertThat(page.get("/board").body()).contains("the group's first scene");
    }

    @Test
    void confirmedOnThePageTheFilmShowsEachClipsPlaceInTheQueueAndTheTimeLeft() throws Exception {
        stack.close();
        stack = TelegramStack.start(TelegramStack.Options.defaults().withSetting("web.port", "0")
                .withSetting("kling.max-concurrent-tasks", "1") // one clip at a time: the others wait their turn
                .withPolls(java.time.Duration.ofMillis(300), java.time.Duration.ofMillis(300)));
        base = "http://127.0.0.1:" + stack.bot.web().orElseThrow().port();
        alex = stack.telegram.user(4242, "Alex", "alex");
        alexChat = stack.telegram.privateChat(alex);
        stack.telegram.sendAlbum(alexChat, alex, List.of(new AlbumPart(TestImages.jpeg(480, 360), "a red fox"),
                new AlbumPart(TestImages.jpeg(400, 400), "a blue bird"),
                new AlbumPart(TestImages.jpeg(360, 480), "a green frog")));
        stack.await(alexChat, "3 of 6 photos");
        PageClient page = signedIn(alexChat, alex);
        // keys given on the page: stored as /setkeys stores them, answered on the page only, never shown again
        int beforeKeys = lastId();
        HttpResponse<String> saved = page.post("/keys", Map.of("provider", "kling",
                "secret", stack.kling.accessKey() + " " + stack.kling.secretKey()), true);
        assertThat(saved.body()).contains("Saved your Kling AI keys").doesNotContain(stack.kling.secretKey())
                .doesNotContain(stack.kling.accessKey());
        assertThat(page.post("/ask", Map.of("what", "keys"), true).body()).contains("You have keys for: kling")
                .doesNotContain(stack.kling.secretKey());

        HttpResponse<String> estimate = page.post("/make", Map.of(), true);
        Matcher confirm = Pattern.compile("name=\"data\" value=\"([^\"]+)\"><button type=\"submit\" data-button=\"[^\"]*Confirm")
                .matcher(estimate.body());
        assertThat(confirm.find()).as(estimate.body()).isTrue();
        assertThat(page.post("/press", Map.of("data", confirm.group(1)), true).body()).contains("Starting");

        boolean queued = false;
        boolean timeLeft = false;
        long until = System.currentTimeMillis() + TelegramStack.FILM.toMillis();
        String board = "";
        while (!board.contains("<video") && System.currentTimeMillis() < until) {
            board = page.get("/board").body() + page.get("/").body();
            queued |= board.contains("in the queue");
            timeLeft |= board.contains("data-seconds-left");
            Thread.sleep(40);
        }
        assertThat(board).contains("<video");
        assertThat(queued).as("a clip waiting for the account's one slot showed its place").isTrue();
        assertThat(timeLeft).as("the time left was shown while the film was made").isTrue();
        // a button the page was never offered is refused
        assertThat(page.post("/press", Map.of("data", "c:forged"), true).body()).contains("out of date");
        assertThat(stack.telegram.botMessages(alexChat).stream().filter(m -> m.messageId() > beforeKeys)
                .map(SimMessage::textOrCaption)).noneMatch(t -> t.contains(stack.kling.secretKey()) || t.contains("Saved your"));
        assertThat(page.post("/ask", Map.of("what", "nonsense"), true).statusCode()).isEqualTo(400);

        // the chat's other commands, from the page: a clip of the finished film made again, after its estimate
        stack.await(alexChat, "Done! Your film is below");

        // each scene's card plays its clip, served with the film's checks: the chat's members only
        String done = page.get("/board").body();
        Matcher clipSrc = Pattern.compile("src=\"(/clip/[^\"]+)\"[^>]*data-clip-video=\"(\\d)\"").matcher(done);
        Map<String, String> clipOf = new TreeMap<>();
        while (clipSrc.find()) {
            clipOf.put(clipSrc.group(2), clipSrc.group(1));
        }
        assertThat(clipOf.keySet()).as(done).containsExactly("1", "2", "3");
        assertThat(done).contains("data-redo=\"2\"");
        HttpResponse<byte[]> clip = page.getBytes(clipOf.get("2"));
        assertThat(clip.statusCode()).isEqualTo(200);
        assertThat(clip.headers().firstValue("Content-Type").orElse("")).startsWith("video/mp4");
        assertThat(clip.body()).as("the clip the engine downloaded for scene 2").isEqualTo(clipBlob(
                clipOf.get("2").substring("/clip/".length()), 2));
        assertThat(new PageClient(base).get(clipOf.get("2")).statusCode()).as("not signed in").isEqualTo(401);
        SimUser bob = stack.telegram.user(777, "Bob", "bob");
        PageClient bobs = signedIn(stack.telegram.privateChat(bob), bob);
        assertThat(bobs.get(clipOf.get("2")).statusCode()).as("another chat's clip").isEqualTo(403);
        HttpResponse<String> redo = page.post("/ask", Map.of("what", "redo", "scene", "2"), true);
        assertThat(redo.body()).contains("Make clip 2 again with Kling AI");
        Matcher again = Pattern.compile("name=\"data\" value=\"([^\"]+)\"><button type=\"submit\" data-button=\"[^\"]*Redo clip 2")
                .matcher(redo.body());
        assertThat(again.find()).as(redo.body()).isTrue();
        page.post("/press", Map.of("data", again.group(1)), true);
        Matcher firstFilm = Pattern.compile("<video id=\"film\"[^>]* src=\"/film/([^\"]+)\"").matcher(page.get("/").body());
        assertThat(firstFilm.find()).isTrue();
        org.awaitility.Awaitility.await().atMost(TelegramStack.FILM).until(() -> stack.kling.journal()
                .createsFor(stack.kling.accessKey()) == 4);
        // the film made again plays on the page; the first is in the page's history, still playable and downloadable
        org.awaitility.Awaitility.await().atMost(TelegramStack.FILM).until(() -> page.get("/").body()
                .contains("<li data-film=\"" + firstFilm.group(1) + "\">"));
        String history = page.get("/").body();
        assertThat(history).contains("Earlier films").doesNotContain("<video id=\"film\" controls preload=\"metadata\" "
                + "playsinline src=\"/film/" + firstFilm.group(1));
        assertThat(page.getBytes("/film/" + firstFilm.group(1) + "?download=1").statusCode()).isEqualTo(200);
        assertThat(bobs.get("/film/" + firstFilm.group(1)).statusCode()).isEqualTo(403);
        assertThat(page.post("/ask", Map.of("what", "settings"), true).body()).contains("data-button");
    }

    @Test
    void withAnHttpsAddressTelegramsMenuButtonOpensThePageAsAMiniApp() throws Exception {
        assertThat(stack.telegram.menuButton()).as("no https address, no Mini App button").isNull();
        try (TelegramStack https = TelegramStack.start(TelegramStack.Options.defaults().withSetting("web.port", "0")
                .withSetting("web.public-url", "https://bot.example.com/storyboard"))) {
            var button = https.telegram.menuButton();
            assertThat(button).isNotNull();
            assertThat(button.path("type").asText()).isEqualTo("web_app");
            assertThat(button.path("text").asText()).isEqualTo("Open storyboard");
            assertThat(button.path("web_app").path("url").asText()).isEqualTo("https://bot.example.com/storyboard");
        }
    }

    @Test
    void fromAGroupTheOpenStoryboardLinkOpensTheGroupsStorybookForItsMembersOnly() throws Exception {
        stack.close();
        stack = TelegramStack.start(TelegramStack.Options.defaults().withSetting("web.port", "0")
                .withSetting("web.public-url", "https://bot.example.com/storyboard"));
        base = "http://127.0.0.1:" + stack.bot.web().orElseThrow().port();
        alex = stack.telegram.user(4242, "Alex", "alex");
        alexChat = stack.telegram.privateChat(alex);
        SimUser bob = stack.telegram.user(777, "Bob", "bob");
        stack.telegram.privateChat(bob);
        SimChat group = stack.telegram.group(-5001, "Film club");
        stack.telegram.sendPhoto(group, alex, TestImages.jpeg(400, 300), "/add the group's first scene");
        stack.await(group, "1 of 6 photos");

        // /web in the group: the link goes privately, and the group's answer opens the group's storyboard as a Mini App
        int asked = stack.telegram.sendCommand(group, alex, "/web");
        SimMessage answer = stack.awaitTextAfter(group, asked, "I sent you the link to the storyboard page");
        String url = answer.buttons().stream().flatMap(List::stream).filter(b -> "Open storyboard".equals(b.text()))
                .map(io.storyreel.sim.telegram.SimButton::url).findFirst().orElseThrow();
        assertThat(url).isEqualTo("https://t.me/storyreel_test_bot?startapp=g-5001");
        String startParam = url.substring(url.indexOf("startapp=") + "startapp=".length());

        // Telegram opens the Mini App with the start parameter in the signed initData: a member gets the group's board
        long now = System.currentTimeMillis() / 1000;
        PageClient member = new PageClient(base);
        HttpResponse<String> opened = member.keepSession(member.post("/miniapp", Map.of("initData", signed(
                stack.telegram.token(), now - 5, "{\"id\":4242,\"first_name\":\"Alex\"}", Map.of("start_param", startParam))),
                false));
        assertThat(opened.statusCode()).isEqualTo(204);
        assertThat(opened.headers().firstValue("Set-Cookie").orElse("")).as("behind https").containsIgnoringCase("Secure");
        assertThat(member.page().body()).contains("Signed in as Alex");
        assertThat(member.get("/board").body()).contains("the group's first scene");
        int before = stack.telegram.messages(group).stream().mapToInt(SimMessage::messageId).max().orElse(0);
        assertThat(member.post("/prompt", Map.of("scene", "1", "text", "the club's fox"), true).statusCode()).isEqualTo(200);
        stack.awaitTextAfter(group, before, "the club's fox"); // the group sees what its member changed on the page

        // someone who is not in the group: the same signed opening is refused, and no session is opened
        PageClient stranger = new PageClient(base);
        HttpResponse<String> refused = stranger.keepSession(stranger.post("/miniapp", Map.of("initData", signed(
                stack.telegram.token(), now - 4, "{\"id\":777,\"first_name\":\"Bob\"}", Map.of("start_param", startParam))),
                false));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(stranger.get("/").statusCode()).isEqualTo(401);
        assertThat(stranger.get("/board").statusCode()).isEqualTo(401);
        // nor can the group be named in a start parameter the member's own signature does not cover
        assertThat(stranger.post("/miniapp", Map.of("initData", signed(stack.telegram.token(), now - 3,
                "{\"id\":777,\"first_name\":\"Bob\"}", Map.of("start_param", "g-777")).replace("g-777", "g-5001")),
                false).statusCode()).isEqualTo(401);
    }

    @Test
    void withoutAPortThePageIsOffAndSaysSo() throws Exception {
        try (TelegramStack off = TelegramStack.start()) {
            assertThat(off.bot.web()).isEmpty();
            SimUser sam = off.telegram.user(99, "Sam", "sam");
            SimChat samChat = off.telegram.privateChat(sam);
            int asked = off.telegram.sendCommand(samChat, sam, "/web");
            assertThat(off.awaitTextAfter(samChat, asked, "storyboard page is not switched on").text())
                    .doesNotContain("http");
        }
    }

    @Test
    void theFirstLoadIsUnder200KilobytesOfHtmlCssAndScript() throws Exception {
        PageClient page = signedIn(alexChat, alex);
        HttpResponse<byte[]> html = page.getBytes("/");
        long total = html.body().length;
        String body = new String(html.body(), StandardCharsets.UTF_8);
        Matcher src = Pattern.compile("<(?:script|link)[^>]+(?:src|href)=\"(/[^\"]+)\"").matcher(body);
        List<String> assets = new ArrayList<>();
        while (src.find()) {
            assets.add(src.group(1));
        }
        assertThat(assets).anyMatch(a -> a.contains("htmx.min.js")).anyMatch(a -> a.contains("sse.js"))
                .anyMatch(a -> a.contains("Sortable.min.js"));
        for (String a : assets) {
            HttpResponse<byte[]> r = page.getBytes(a);
            assertThat(r.statusCode()).as(a).isEqualTo(200);
            total += r.body().length;
        }
        assertThat(total).isLessThan(200 * 1024);
    }

    private int lastId() {
        return stack.telegram.messages(alexChat).stream().mapToInt(SimMessage::messageId).max().orElse(0);
    }

    /** The bytes the blob store keeps for clip {@code id}, which must be the clip of scene {@code position}. */
    private byte[] clipBlob(String id, int position) throws Exception {
        try (Connection c = stack.bot.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT blob FROM clip WHERE id = ? AND position = ?")) {
            ps.setString(1, id);
            ps.setInt(2, position);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                String blob = rs.getString(1);
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(stack.data)) {
                    java.nio.file.Path file = files.filter(f -> f.endsWith(java.nio.file.Path.of(blob.substring(0, 2),
                            blob.substring(2)))).findFirst().orElseThrow();
                    return java.nio.file.Files.readAllBytes(file);
                }
            }
        }
    }

    private String sceneId(String chatKey) throws Exception {
        try (Connection c = stack.bot.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT s.id FROM scene s JOIN storybook b ON b.id = s.storybook_id "
                     + "WHERE b.chat_key = ?")) {
            ps.setString(1, chatKey);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    /** initData as Telegram signs it for the bot with {@code token}. */
    static String signed(String token, long authDate, String userJson) throws Exception {
        return signed(token, authDate, userJson, Map.of());
    }

    /** Like {@link #signed(String, long, String)}, with more signed fields ({@code start_param}, {@code chat}). */
    static String signed(String token, long authDate, String userJson, Map<String, String> more) throws Exception {
        Map<String, String> f = new TreeMap<>(more);
        f.putAll(Map.of("auth_date", Long.toString(authDate), "user", userJson, "query_id", "AAHdF6IQAAAAAN0XohDhrOrc"));
        String check = f.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("WebAppData".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] secret = mac.doFinal(token.getBytes(StandardCharsets.UTF_8));
        mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
        f.put("hash", HexFormat.of().formatHex(mac.doFinal(check.getBytes(StandardCharsets.UTF_8))));
        return f.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
