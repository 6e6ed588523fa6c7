package io.storyreel.app.telegram;

import io.storyreel.core.video.testing.Tones;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's settings form on a whole running bot (fake Telegram, the Kling simulator with the real Kling catalogue):
 * each change goes through the conversation as {@code /settings KEY VALUE} does, is refused in the chat's own words,
 * and the prices the settings imply (a clip, the film) are drawn afresh after it; a model's declared parameters show
 * as fields drawn from their declarations.
 */
class StoryboardPageSettingsTest {
    private static final Pattern CLIP_PRICE = Pattern.compile("id=\"clip-price\">([^<]+)<");
    private static final Pattern FILM_PRICE = Pattern.compile("id=\"film-price\">([^<]+)<");
    private TelegramStack stack;
    private SimUser alex;
    private SimChat alexChat;
    private PageClient page;

    @BeforeEach
    void start() throws Exception {
        stack = TelegramStack.start(TelegramStack.Options.defaults().withSetting("web.port", "0")
                .withSetting("limits.max-music-seconds", "10"));
        alex = stack.telegram.user(4242, "Alex", "alex");
        alexChat = stack.telegram.privateChat(alex);
        stack.telegram.sendAlbum(alexChat, alex, List.of(new AlbumPart(TestImages.jpeg(480, 360), "a red fox"),
                new AlbumPart(TestImages.jpeg(400, 400), "a blue bird")));
        stack.await(alexChat, "2 of 6 photos");
        page = StoryboardPageAccessTest.signedIn(stack, alexChat, alex);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void eachChangeGoesThroughTheConversationAndTheFormShowsThePricesItImplies() throws Exception {
        String first = page.page().body();
        // Kling 2.5 Turbo, std, 5 s: 1.5 units a clip at $0.14 a unit (kling.yml), two clips
        assertThat(first).contains("data-setting=\"provider\"").contains("data-setting=\"model\"")
                .contains("data-setting=\"duration\"").contains("data-setting=\"negative\"")
                .contains("data-setting=\"style\"").contains("data-setting=\"transitions\"")
                .contains("data-setting=\"captions\"").contains("data-setting=\"sound\"").contains("data-setting=\"film\"")
                .contains("data-setting=\"aspect\"");
        assertThat(price(CLIP_PRICE, first)).isEqualTo("$0.21 (1.5 units)");
        assertThat(price(FILM_PRICE, first)).isEqualTo("2 clips: $0.42 (3 units)");

        // a duration from the form: the chat's settings card answers on the page, the prices follow, and the chat is
        // told in one line who changed what (not sent the whole card)
        int before = lastId();
        HttpResponse<String> longer = page.post("/setting", Map.of("key", "duration", "value", "10"), true);
        assertThat(longer.statusCode()).isEqualTo(200);
        assertThat(longer.body()).contains("Duration: 10 s");
        assertThat(price(CLIP_PRICE, longer.body())).isEqualTo("$0.42 (3 units)");
        assertThat(price(FILM_PRICE, longer.body())).isEqualTo("2 clips: $0.84 (6 units)");
        assertThat(stack.awaitTextAfter(alexChat, before, "on the storyboard page").text())
                .isEqualTo("Alex changed duration to 10 s on the storyboard page.");
        assertThat(botTextsAfter(alexChat, before)).noneMatch(t -> t.contains("Settings (Kling AI)"));

        // another model: its declared parameter appears, drawn from its declaration (kling.yml's cfg_scale)
        assertThat(longer.body()).doesNotContain("data-setting=\"cfg_scale\"");
        HttpResponse<String> v16 = page.post("/setting", Map.of("key", "model", "value", "kling-v1-6"), true);
        assertThat(v16.body()).contains("Model: Kling 1.6");
        Matcher cfg = Pattern.compile("data-setting=\"cfg_scale\">.*?<input type=\"number\" name=\"value\" value=\"([^\"]*)\" "
                + "min=\"([^\"]*)\" max=\"([^\"]*)\" step=\"([^\"]*)\"", Pattern.DOTALL).matcher(v16.body());
        assertThat(cfg.find()).as(v16.body()).isTrue();
        assertThat(List.of(cfg.group(1), cfg.group(2), cfg.group(3), cfg.group(4))).containsExactly("0.5", "0.0", "1.0", "0.1");
        assertThat(price(CLIP_PRICE, v16.body())).isEqualTo("$0.56 (4 units)");

        // a value the declaration refuses: the chat's own sentence, on the page only, and nothing changes
        int quiet = lastId();
        HttpResponse<String> refused = page.post("/setting", Map.of("key", "cfg_scale", "value", "3"), true);
        int typed = stack.telegram.sendCommand(alexChat, alex, "/settings cfg_scale 3");
        String chatSentence = stack.awaitTextAfter(alexChat, typed, "cfg_scale takes").text();
        assertThat(chatSentence).isEqualTo("I can't use that setting: cfg_scale takes a number from 0 to 1 in steps of 0.1.");
        assertThat(refused.body()).contains(chatSentence);
        assertThat(stack.telegram.botMessages(alexChat).stream().filter(m -> m.messageId() > quiet && m.messageId() < typed)
                .map(SimMessage::textOrCaption)).noneMatch(t -> t.contains("cfg_scale takes"));

        HttpResponse<String> set = page.post("/setting", Map.of("key", "cfg_scale", "value", "0.7"), true);
        assertThat(set.body()).contains("cfg_scale: 0.7").contains("name=\"value\" value=\"0.7\"");
        int card = stack.telegram.sendCommand(alexChat, alex, "/settings");
        assertThat(stack.awaitTextAfter(alexChat, card, "Settings (Kling AI)").text()).contains("cfg_scale: 0.7")
                .contains("Duration: 10 s");

        // an emptied text field clears the setting, as "off" does in the chat
        page.post("/setting", Map.of("key", "negative", "value", "blurry, text"), true);
        assertThat(page.page().body()).contains("value=\"blurry, text\"");
        assertThat(page.post("/setting", Map.of("key", "negative", "value", ""), true).body()).contains("Negative prompt: –");

        // the clips' own sound (a switch): off through the conversation, and the form shows it off
        assertThat(form("sound", page.page().body())).contains("<option value=\"on\" selected>on</option>");
        String soundOff = page.post("/setting", Map.of("key", "sound", "value", "off"), true).body();
        assertThat(form("sound", soundOff)).contains("<option value=\"off\" selected>off</option>");

        // no change without the page's CSRF token
        assertThat(page.post("/setting", Map.of("key", "duration", "value", "5"), false).statusCode()).isEqualTo(403);
        assertThat(price(CLIP_PRICE, page.page().body())).isEqualTo("$0.56 (4 units)");
    }

    @Test
    void aStylePresetAndASavedTemplateArePickedFromTheFormAsTheChatAppliesThem() throws Exception {
        String first = page.page().body();
        assertThat(form("preset", first)).contains("choose a preset…").contains("noir – Black-and-white film noir");
        assertThat(first).as("no template saved yet").doesNotContain("data-setting=\"template\"");

        // a preset: the chat's /style answer, and the form shows its style and negative prompt
        HttpResponse<String> noir = page.post("/setting", Map.of("key", "preset", "value", "noir"), true);
        assertThat(noir.statusCode()).isEqualTo(200);
        assertThat(noir.body()).contains("Style \"noir\" applied");
        assertThat(form("style", noir.body())).contains("black and white film noir");
        assertThat(form("negative", noir.body())).contains("colour, bright daylight, cheerful");

        // a template saved in the chat is offered on the page, and applied as /template use applies it
        int save = stack.telegram.sendCommand(alexChat, alex, "/template save night");
        stack.awaitTextAfter(alexChat, save, "Saved the template \"night\"");
        page.post("/setting", Map.of("key", "duration", "value", "10"), true);
        page.post("/setting", Map.of("key", "style", "value", ""), true);
        String before = page.page().body();
        assertThat(form("template", before)).contains("<option value=\"night\"");
        assertThat(form("style", before)).doesNotContain("film noir");
        HttpResponse<String> used = page.post("/setting", Map.of("key", "template", "value", "night"), true);
        assertThat(used.body()).contains("Applied the template \"night\"");
        assertThat(form("style", used.body())).contains("black and white film noir");
        // saved before the duration was chosen: the model's default again, not the 10 s set since
        assertThat(form("duration", used.body())).contains("<option value=\"default\" selected>")
                .doesNotContain("<option value=\"10\" selected>");

        // the empty choice changes nothing
        assertThat(page.post("/setting", Map.of("key", "template", "value", ""), true).statusCode()).isEqualTo(200);
        assertThat(form("style", page.page().body())).contains("black and white film noir");
    }

    @Test
    void aScenesOwnProviderAndModelAreChosenOnItsCardAsTheChatChoosesThem() throws Exception {
        assertThat(sceneForm(2, page.page().body())).contains("<option value=\"\" selected>the storybook's provider</option>")
                .contains("<option value=\"fal kling-3-pro-sound\">");

        HttpResponse<String> chosen = page.post("/scene", Map.of("scene", "2", "choice", "fal kling-3-pro-sound"), true);
        assertThat(chosen.statusCode()).isEqualTo(200);
        assertThat(chosen.body()).contains("Scene 2 will be made with fal.ai");
        assertThat(sceneForm(2, chosen.body())).contains("<option value=\"fal kling-3-pro-sound\" selected>");
        assertThat(sceneForm(1, chosen.body())).contains("<option value=\"\" selected>");
        int list = stack.telegram.sendCommand(alexChat, alex, "/list");
        assertThat(stack.awaitTextAfter(alexChat, list, "a blue bird").textOrCaption())
                .contains("2. a blue bird – fal.ai, Kling 3.0 Pro with sound (fal)");

        // an unknown choice gets the chat's own refusal, and the storybook's provider again is one choice away
        assertThat(page.post("/scene", Map.of("scene", "2", "choice", "pika 2.2"), true).body())
                .contains("I don't know the provider");
        HttpResponse<String> back = page.post("/scene", Map.of("scene", "2", "choice", ""), true);
        assertThat(sceneForm(2, back.body())).contains("<option value=\"\" selected>");
        assertThat(page.post("/scene", Map.of("scene", "2", "choice", ""), false).statusCode()).isEqualTo(403);
    }

    @Test
    void musicChosenOnThePageIsTheChatsMusicWithTheChatsChecksAndSentences() throws Exception {
        String first = page.page().body();
        assertThat(first).contains("id=\"music-name\">none<");
        assertThat(form("music volume", first)).contains("disabled").contains("Add music first");

        // a sound file from the page's file input: the chat's own answer on the page, one line in the chat
        byte[] wav = Files.readAllBytes(Tones.writeWav(stack.data.resolve("theme.wav"), 0.7, 200, 0.8));
        int before = lastId();
        HttpResponse<String> set = page.postFile("/music", "music", "theme.wav", "audio/x-wav", wav, true);
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(PageClient.unescape(set.body())).contains("🎵 Music set: \"theme.wav\"").contains("id=\"music-name\">theme.wav<");
        assertThat(form("music volume", set.body())).doesNotContain("disabled").contains("value=\"30\"")
                .contains("Costs nothing");
        assertThat(stack.awaitTextAfter(alexChat, before, "on the storyboard page").text())
                .isEqualTo("Alex set the music to \"theme.wav\" on the storyboard page.");
        int card = stack.telegram.sendCommand(alexChat, alex, "/settings");
        assertThat(stack.awaitTextAfter(alexChat, card, "Settings (Kling AI)").text())
                .contains("Music: \"theme.wav\" at 30 %, fade-out 2 s, looped");

        // its volume and looping from the form, as /settings music volume|loop takes them
        int louder = lastId();
        page.post("/setting", Map.of("key", "music volume", "value", "60"), true);
        assertThat(stack.awaitTextAfter(alexChat, louder, "on the storyboard page").text())
                .isEqualTo("Alex changed music volume to 60 % on the storyboard page.");
        // how far it ducks under the clips' sound, as /settings music duck takes it
        int ducked = lastId();
        page.post("/setting", Map.of("key", "music duck", "value", "6"), true);
        assertThat(stack.awaitTextAfter(alexChat, ducked, "on the storyboard page").text())
                .isEqualTo("Alex changed music ducking to 6 dB on the storyboard page.");
        HttpResponse<String> once = page.post("/setting", Map.of("key", "music loop", "value", "off"), true);
        assertThat(PageClient.unescape(once.body())).contains("Music: \"theme.wav\" at 60 %, fade-out 2 s, played once");
        assertThat(form("music loop", once.body())).contains("<option value=\"off\" selected>off</option>");
        assertThat(form("music volume", once.body())).contains("value=\"60\"");
        assertThat(form("music duck", once.body())).contains("value=\"6\"");
        assertThat(PageClient.unescape(once.body())).contains("ducked 6 dB under clip sound");
        assertThat(page.post("/setting", Map.of("key", "music volume", "value", "140"), true).body())
                .contains("music takes");

        // a file that is not sound, and one too long: refused on the page in the very words the chat uses, and the
        // music stays what it was
        byte[] text = "not a song at all".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String pageSaid = PageClient.unescape(page.postFile("/music", "music", "notes.mp3", "audio/mpeg", text, true).body());
        int sent = stack.telegram.sendAudio(alexChat, alex, text, "notes.mp3", "audio/mpeg", null);
        String chatSaid = stack.awaitTextAfter(alexChat, sent, "notes.mp3").text();
        assertThat(chatSaid).contains("doesn't decode as sound");
        assertThat(pageSaid).contains(chatSaid);

        byte[] longWav = Files.readAllBytes(Tones.writeWav(stack.data.resolve("long.wav"), 11, 200, 0.5));
        pageSaid = PageClient.unescape(page.postFile("/music", "music", "long.wav", "audio/x-wav", longWav, true).body());
        sent = stack.telegram.sendAudio(alexChat, alex, longWav, "long.wav", "audio/x-wav", null);
        chatSaid = stack.awaitTextAfter(alexChat, sent, "long.wav").text();
        assertThat(chatSaid).contains("Please send a shorter file");
        assertThat(pageSaid).contains(chatSaid).contains("id=\"music-name\">theme.wav<");

        // removed from the page, as /music off does
        int off = lastId();
        assertThat(page.post("/setting", Map.of("key", "music", "value", "off"), true).body())
                .contains("id=\"music-name\">none<");
        assertThat(stack.awaitTextAfter(alexChat, off, "on the storyboard page").text())
                .isEqualTo("Alex removed the music on the storyboard page.");
        assertThat(page.postFile("/music", "music", "theme.wav", "audio/x-wav", wav, false).statusCode()).isEqualTo(403);
    }

    @Test
    void aSettingTypedInTheChatReachesAnOpenPageOverItsLiveStream() throws Exception {
        java.util.concurrent.BlockingQueue<String> stream = page.events("sse-test");
        assertThat(stream.poll(10, java.util.concurrent.TimeUnit.SECONDS)).as("the stream opens").isNotNull();

        int typed = stack.telegram.sendCommand(alexChat, alex, "/settings duration 10");
        stack.awaitTextAfter(alexChat, typed, "Duration: 10 s");
        // (the photos added before the page opened may still send the form as it was: the next one has the change)
        String form = settingsEvent(stream, "<option value=\"10\" selected>10 s</option>");
        assertThat(price(FILM_PRICE, form)).isEqualTo("2 clips: $0.84 (6 units)");

        // music sent in the chat shows too, by name
        byte[] wav = Files.readAllBytes(Tones.writeWav(stack.data.resolve("theme.wav"), 0.7, 200, 0.8));
        stack.telegram.sendAudio(alexChat, alex, wav, "theme.wav", "audio/x-wav", null);
        settingsEvent(stream, "id=\"music-name\">theme.wav<");
    }

    @Test
    void aPageChangeInAGroupTellsTheGroupInOneLineNotWithTheSettingsCard() throws Exception {
        SimChat group = stack.telegram.group(-5001, "Film club");
        stack.telegram.sendPhoto(group, alex, TestImages.jpeg(400, 300), "/add the group's first scene");
        stack.await(group, "1 of 6 photos");
        int dm = lastId();
        int asked = stack.telegram.sendCommand(group, alex, "/web");
        stack.awaitTextAfter(group, asked, "I sent you the link to the storyboard page in our private chat");
        Matcher link = Pattern.compile("(http://\\S+/signin/\\S+)").matcher(
                stack.awaitTextAfter(alexChat, dm, "storyboard page for the group").text());
        assertThat(link.find()).isTrue();
        PageClient groupPage = new PageClient(page.base);
        assertThat(groupPage.get(link.group(1)).statusCode()).isEqualTo(200);
        assertThat(groupPage.page().body()).contains("the group's first scene");

        int before = stack.telegram.messages(group).stream().mapToInt(SimMessage::messageId).max().orElse(0);
        HttpResponse<String> changed = groupPage.post("/setting", Map.of("key", "duration", "value", "10"), true);
        assertThat(changed.body()).contains("Settings (Kling AI)").contains("Duration: 10 s");
        assertThat(stack.awaitTextAfter(group, before, "on the storyboard page").text())
                .isEqualTo("Alex changed duration to 10 s on the storyboard page.");
        // the group's own /settings answers with the card, as before: only the page's changes are one line
        int typed = stack.telegram.sendCommand(group, alex, "/settings");
        stack.awaitTextAfter(group, typed, "Settings (Kling AI)");
        assertThat(stack.telegram.botMessages(group).stream().filter(m -> m.messageId() > before && m.messageId() < typed)
                .map(SimMessage::textOrCaption)).noneMatch(t -> t.contains("Settings (Kling AI)"))
                .filteredOn(t -> t.contains("storyboard page")).hasSize(1);
    }

    /** The first settings form the live stream sends that contains {@code showing}. */
    private static String settingsEvent(java.util.concurrent.BlockingQueue<String> stream, String showing)
            throws InterruptedException {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        boolean named = false;
        while (System.nanoTime() < until) {
            String line = stream.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.equals("event: settings")) {
                named = true;
            } else if (named && line.startsWith("data:")) {
                named = false;
                if (line.contains(showing)) {
                    return line.substring(5);
                }
            }
        }
        throw new AssertionError("no settings event showing " + showing + " on the live stream within 15 s");
    }

    private List<String> botTextsAfter(SimChat chat, int after) {
        return stack.telegram.botMessages(chat).stream().filter(m -> m.messageId() > after).map(SimMessage::textOrCaption)
                .toList();
    }

    /** The per-scene provider form of scene {@code n} in the page. */
    private static String sceneForm(int n, String html) {
        Matcher m = Pattern.compile("(?s)data-scene-choice=\"" + n + "\">(.*?)</form>").matcher(html);
        assertThat(m.find()).as(html).isTrue();
        return m.group(1);
    }

    /** The form of one setting in the page. */
    private static String form(String key, String html) {
        Matcher m = Pattern.compile("(?s)data-setting=\"" + key + "\">(.*?)</form>").matcher(html);
        assertThat(m.find()).as(html).isTrue();
        return m.group(1);
    }

    private static String price(Pattern p, String html) {
        Matcher m = p.matcher(html);
        assertThat(m.find()).as(html).isTrue();
        return m.group(1).strip();
    }

    private int lastId() {
        return stack.telegram.messages(alexChat).stream().mapToInt(SimMessage::messageId).max().orElse(0);
    }
}
