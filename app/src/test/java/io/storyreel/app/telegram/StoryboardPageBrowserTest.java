package io.storyreel.app.telegram;

import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storyboard page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; .ci/run
 * installs them), driven by Selenium against the whole bot: sign in by the one-time link, add three photos with the
 * file input, drag scene 3 to the front, edit prompts, confirm, watch every clip reach done over Server-Sent Events,
 * play the film and download it. A screenshot of each step goes to target/surefire-reports.
 */
class StoryboardPageBrowserTest {
    static final Path SHOTS = Path.of("target", "surefire-reports");
    private TelegramStack stack;
    private ChromeDriver browser;
    private SimUser alex;
    private SimChat chat;

    @BeforeEach
    void start() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Path driver = Path.of("/usr/bin/chromedriver");
        assertThat(chromium).as("Debian's chromium (apt-get install chromium chromium-driver; .ci/run does it)").exists();
        assertThat(driver).as("Debian's chromedriver").exists();
        stack = TelegramStack.start(TelegramStack.Options.defaults().withSetting("web.port", "0"));
        alex = stack.telegram.user(4242, "Alex", "alex");
        chat = stack.telegram.privateChat(alex);
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,1400",
                        "--autoplay-policy=no-user-gesture-required");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build(), options);
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Test
    void fromTheLinkToTheFilmInARealBrowser() throws Exception {
        // live updates redraw the board: an element found a moment ago may be gone, so waits look again
        WebDriverWait wait = (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(30))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        String link = StoryboardPageAccessTest.webLink(stack, chat, alex);
        browser.get(link);
        wait.until(d -> d.getCurrentUrl().endsWith("/") && !d.findElements(By.id("photos")).isEmpty());
        shot("1-signed-in");
        js("window.samePage = 'yes'"); // gone if anything reloads the page: every update below arrives by htmx or SSE

        // three photos through the file input
        List<String> files = new ArrayList<>();
        int[][] sizes = {{480, 360}, {400, 400}, {360, 480}};
        for (int i = 0; i < 3; i++) {
            Path f = Files.createTempFile(stack.data, "photo-" + (i + 1) + "-", ".jpg");
            Files.write(f, TestImages.jpeg(sizes[i][0], sizes[i][1]));
            files.add(f.toAbsolutePath().toString());
        }
        browser.findElement(By.id("photos")).sendKeys(String.join("\n", files));
        wait.until(d -> d.findElements(By.cssSelector("#cards li.card")).size() == 3);
        // the live stream may draw the cards before the page's own answer arrives
        wait.until(d -> text("#answer").contains("Added scene 3"));
        stack.await(chat, "3 of 6 photos"); // the chat was told too
        shot("2-three-photos");

        // a prompt for each, edited in place
        String[] prompts = {"a red fox jumps the fence", "a blue bird takes off", "a green frog dives"};
        for (int i = 1; i <= 3; i++) {
            WebElement box = browser.findElement(By.cssSelector("li.card[data-scene='" + i + "'] textarea"));
            box.clear();
            box.sendKeys(prompts[i - 1]);
            browser.findElement(By.cssSelector("button[data-save='" + i + "']")).click();
            int n = i;
            wait.until(d -> text("#answer").contains("Scene " + n + ": “" + prompts[n - 1]));
        }
        shot("3-prompts");

        // a setting from the form: the chat's settings card answers on the page, and the film's price follows (Kling 2.5 Turbo
        // std: 1.5 units a 5 s clip, 3 units a 10 s one, at $0.14 a unit)
        wait.until(d -> text("#film-price").equals("3 clips: $0.63 (4.5 units)"));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("form[data-setting='duration'] select")))
                .selectByValue("10");
        wait.until(d -> text("#answer").contains("Duration: 10 s"));
        wait.until(d -> text("#film-price").equals("3 clips: $1.26 (9 units)"));
        assertThat(text("#clip-price")).isEqualTo("$0.42 (3 units)");
        shot("3b-settings");

        // drag scene 3 to the front
        String third = browser.findElement(By.cssSelector("li.card[data-scene='3']")).getAttribute("data-scene-id");
        for (int attempt = 1; ; attempt++) {
            try { // a board redrawn by a live update between finding and dragging: find the cards again
                WebElement from = browser.findElement(By.cssSelector("li.card[data-scene='3'] img"));
                WebElement to = browser.findElement(By.cssSelector("li.card[data-scene='1'] img"));
                // in small steps, as a hand moves: the list reorders under the pointer as it goes
                int dx = to.getLocation().getX() + 10 - (from.getLocation().getX() + from.getSize().getWidth() / 2);
                Actions drag = new Actions(browser).clickAndHold(from).pause(100);
                for (int step = 0; step < 20; step++) {
                    drag.moveByOffset(dx / 20, 0).pause(40);
                }
                drag.pause(300).release().perform();
                break;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        wait.until(d -> text("#answer").contains("Moved scene 3 to position 1"));
        wait.until(d -> third.equals(d.findElement(By.cssSelector("li.card[data-scene='1']")).getAttribute("data-scene-id")));
        shot("4-scene-3-first");
        int list = stack.telegram.sendCommand(chat, alex, "/list");
        assertThat(stack.awaitTextAfter(chat, list, "3 of 6 photos").caption()).contains("1. a green frog dives")
                .contains("2. a red fox jumps the fence").contains("3. a blue bird takes off");

        // the keyboard reaches the move buttons too: scene 2 one place later, by Enter
        WebElement later = browser.findElement(By.cssSelector("button[data-later='2']"));
        later.sendKeys(Keys.ENTER);
        wait.until(d -> text("#answer").contains("Moved scene 2 to position 3"));

        // estimate and Confirm: the confirmer pays with their own keys
        stack.setKlingKeys(chat, alex, stack.kling.accessKey(), stack.kling.secretKey());
        browser.findElement(By.id("make")).click();
        WebElement confirm = wait.until(d -> d.findElements(By.cssSelector("#answer button[data-button]")).stream()
                .filter(b -> b.getText().contains("Confirm")).findFirst().orElse(null));
        assertThat(text("#answer")).contains("Your film: 3 clips");
        shot("5-estimate");
        confirm.click();

        // per-clip progress over SSE until every clip is done
        Set<String> seen = new LinkedHashSet<>();
        new WebDriverWait(browser, TelegramStack.FILM).pollingEvery(Duration.ofMillis(150))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            List<WebElement> clips = d.findElements(By.cssSelector("#clips li[data-clip]"));
            clips.forEach(c -> seen.add(c.getAttribute("data-clip-state")));
            return clips.size() == 3 && clips.stream().allMatch(c -> "DOWNLOADED".equals(c.getAttribute("data-clip-state")));
        });
        shot("6-clips-done");
        assertThat(seen).contains("DOWNLOADED");

        // the film: the chat's, played on the page, and downloaded byte for byte
        SimMessage film = stack.telegram.awaitBotMessage(chat, SimMessage::hasVideo, TelegramStack.FILM);
        WebElement video = new WebDriverWait(browser, Duration.ofSeconds(60)).until(d ->
                d.findElements(By.id("film")).stream().findFirst().orElse(null));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                ((Number) js("return document.getElementById('film').readyState")).intValue() >= 1);
        double shown = ((Number) js("return document.getElementById('film').duration")).doubleValue();
        Path chatCopy = Files.createTempFile(stack.data, "chat-film-", ".mp4");
        Files.write(chatCopy, film.video());
        assertThat(shown).isCloseTo(Mp4Checks.inspect(chatCopy).videoSeconds(), org.assertj.core.data.Offset.offset(0.2));
        assertThat(video.isDisplayed()).isTrue();
        shot("7-film");
        assertThat(browser.findElements(By.cssSelector("#cards textarea"))).as("a finished storybook is history").isEmpty();

        String download = browser.findElement(By.id("download")).getAttribute("href");
        String cookie = browser.manage().getCookieNamed("storyreel_session").getValue();
        HttpResponse<byte[]> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(download))
                .header("Cookie", "storyreel_session=" + cookie).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        assertThat(got.body()).isEqualTo(film.video());
        assertThat(js("return window.samePage")).isEqualTo("yes");
        assertThat(stack.kling.journal().createsFor(stack.kling.accessKey())).isEqualTo(3);

        // each scene's card plays its own clip, and Redo asks for it again as /redo N does: the price, then a button
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> ((Number) js(
                "return Array.from(document.querySelectorAll('video[data-clip-video]')).filter(function(v){"
                        + "return v.readyState>=1&&v.duration>0}).length")).intValue() == 3);
        browser.findElement(By.cssSelector("button[data-redo='2']")).click();
        WebElement redo = wait.until(d -> d.findElements(By.cssSelector("#answer button[data-button]")).stream()
                .filter(b -> b.getText().contains("Redo clip 2")).findFirst().orElse(null));
        assertThat(text("#answer")).contains("Make clip 2 again with Kling AI");
        shot("8-clips-and-redo");
        redo.click();
        org.awaitility.Awaitility.await().atMost(TelegramStack.FILM)
                .until(() -> stack.kling.journal().createsFor(stack.kling.accessKey()) == 4);
    }

    @Test
    void onAPhoneAPhotoDroppedOnThePageIsAddedAndABadFileGetsTheChatsOwnSentence() throws Exception {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844)); // a phone's viewport
        WebDriverWait wait = (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(30))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        browser.get(StoryboardPageAccessTest.webLink(stack, chat, alex));
        wait.until(d -> !d.findElements(By.id("drop")).isEmpty());

        // as a Telegram Mini App: Telegram's theme colours (passed in the address) and its events, as a phone's
        // Telegram receives them (its webview proxy, stood in for here): ready, and expand to the whole viewport
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source",
                "window.tgEvents=[];window.TelegramWebviewProxy={postEvent:function(e){window.tgEvents.push(e)}};"));
        String theme = "{\"bg_color\":\"#17212b\",\"text_color\":\"#f5f5f5\",\"hint_color\":\"#708499\","
                + "\"button_color\":\"#5288c1\",\"button_text_color\":\"#ffffff\",\"secondary_bg_color\":\"#232e3c\"}";
        browser.get(stack.bot.web().map(w -> "http://127.0.0.1:" + w.port()).orElseThrow() + "/?in=telegram#tgWebAppThemeParams="
                + java.net.URLEncoder.encode(theme, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        wait.until(d -> !d.findElements(By.id("drop")).isEmpty());
        assertThat(js("return getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(23, 33, 43)");
        assertThat(js("return getComputedStyle(document.getElementById('make')).backgroundColor")).isEqualTo("rgb(82, 136, 193)");
        assertThat(js("return window.tgEvents.join(',')")).isEqualTo("web_app_ready,web_app_expand");
        int before = stack.telegram.messages(chat).stream().mapToInt(SimMessage::messageId).max().orElse(0);

        // not a photo, through the file input: refused on the page in the chat's words, and the chat is not bothered
        Path notes = Files.writeString(Files.createTempFile(stack.data, "notes-", ".txt"), "shopping list");
        browser.findElement(By.id("photos")).sendKeys(notes.toAbsolutePath().toString());
        wait.until(d -> text("#answer").contains("That file is not a photo I can use."));
        assertThat(browser.findElements(By.cssSelector("#cards li.card"))).isEmpty();
        // more photos than a storybook holds, refused by the page itself (a 400 answer): the sentence shows too
        List<String> seven = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seven.add(Files.write(Files.createTempFile(stack.data, "many-" + i + "-", ".jpg"), TestImages.jpeg(64 + i, 48))
                    .toAbsolutePath().toString());
        }
        browser.findElement(By.id("photos")).sendKeys(String.join("\n", seven));
        wait.until(d -> text("#answer").contains("A storybook holds at most 6 photos"));
        assertThat(browser.findElements(By.cssSelector("#cards li.card"))).isEmpty();

        // a photo dropped on the drop zone (the browser's own drop event, carrying a JPEG made in the page)
        String jpeg = java.util.Base64.getEncoder().encodeToString(TestImages.jpeg(480, 360));
        js("var b=Uint8Array.from(atob('" + jpeg + "'),function(c){return c.charCodeAt(0)});"
                + "var dt=new DataTransfer();dt.items.add(new File([b],'dropped.jpg',{type:'image/jpeg'}));"
                + "var z=document.getElementById('drop');"
                + "z.dispatchEvent(new DragEvent('dragover',{dataTransfer:dt,bubbles:true,cancelable:true}));"
                + "z.dispatchEvent(new DragEvent('drop',{dataTransfer:dt,bubbles:true,cancelable:true}));");
        wait.until(d -> d.findElements(By.cssSelector("#cards li.card")).size() == 1);
        assertThat(text("#answer")).contains("Added scene 1");
        stack.awaitTextAfter(chat, before, "Added scene 1");
        assertThat(stack.telegram.botMessages(chat).stream().filter(m -> m.messageId() > before)
                .map(SimMessage::textOrCaption)).noneMatch(t -> t.contains("shopping") || t.contains("not a photo"));
        // a second tab of the same browser sees a change made in the first, live
        String first = browser.getWindowHandle();
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get(stack.bot.web().map(w -> "http://127.0.0.1:" + w.port() + "/").orElseThrow());
        wait.until(d -> d.findElements(By.cssSelector("#cards li.card")).size() == 1);
        String second = browser.getWindowHandle();
        browser.switchTo().window(first);
        WebElement box = browser.findElement(By.cssSelector("li.card[data-scene='1'] textarea"));
        box.sendKeys("a kite climbs");
        browser.findElement(By.cssSelector("button[data-save='1']")).click();
        wait.until(d -> text("#answer").contains("Scene 1: “a kite climbs”"));
        browser.switchTo().window(second);
        wait.until(d -> "a kite climbs".equals(d.findElement(By.cssSelector("li.card[data-scene='1'] textarea"))
                .getAttribute("value")));
        browser.switchTo().window(first);

        // a setting typed in the chat reaches the open page live, with the price it implies, without a reload
        js("window.samePage = 'yes'");
        assertThat(text("#clip-price")).isEqualTo("$0.21 (1.5 units)");
        int typed = stack.telegram.sendCommand(chat, alex, "/settings duration 10");
        stack.awaitTextAfter(chat, typed, "Duration: 10 s");
        wait.until(d -> "10".equals(d.findElement(By.cssSelector("form[data-setting='duration'] select"))
                .getAttribute("value")));
        wait.until(d -> text("#clip-price").equals("$0.42 (3 units)"));

        // music by the settings form's file input: the chat's checks, its name shown, one line in the chat
        Path music = io.storyreel.core.video.testing.Tones.writeWav(stack.data.resolve("theme.wav"), 0.7, 200, 0.8);
        int beforeMusic = stack.telegram.messages(chat).stream().mapToInt(SimMessage::messageId).max().orElse(0);
        browser.findElement(By.id("music-file")).sendKeys(music.toAbsolutePath().toString());
        wait.until(d -> text("#music-name").equals("theme.wav"));
        wait.until(d -> text("#answer").contains("Music set: \"theme.wav\""));
        assertThat(stack.awaitTextAfter(chat, beforeMusic, "on the storyboard page").text())
                .isEqualTo("Alex set the music to \"theme.wav\" on the storyboard page.");
        assertThat(browser.findElement(By.cssSelector("form[data-setting='music volume'] input")).isEnabled()).isTrue();
        js("document.querySelector(\"form[data-setting='music volume']\").scrollIntoView()");
        shot("phone-music");
        js("window.scrollTo(0, 0)");
        assertThat(js("return window.samePage")).isEqualTo("yes");

        // the page fits the phone: nothing wider than the screen
        assertThat(((Number) js("return document.documentElement.scrollWidth")).intValue())
                .isLessThanOrEqualTo(((Number) js("return window.innerWidth")).intValue());
        shot("phone");
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private void shot(String name) throws Exception {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve("storyboard-" + name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
