package io.storyreel.sim.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fake speaks the Bot API wire protocol: these tests talk raw HTTP to it, with no Telegram library. */
class FakeTelegramServerTest {
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeTelegramServer server = FakeTelegramServer.start(FakeTelegramServer.Settings.defaults()
            .withAlbumGap(Duration.ofMillis(20)));

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode call(String method, String jsonBody) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/bot" + server.token() + "/" + method))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(r.body());
        assertThat(r.statusCode()).isEqualTo(body.path("ok").asBoolean() ? 200 : body.path("error_code").asInt());
        return body;
    }

    private JsonNode updates(long offset) throws Exception {
        return call("getupdates", "{\"offset\":" + offset + ",\"timeout\":1}").get("result");
    }

    @Test
    void routesMethodNamesCaseInsensitivelyAndRefusesAWrongToken() throws Exception {
        assertThat(call("getMe", "{}").at("/result/username").asText()).isEqualTo(server.botUsername());
        assertThat(call("GETME", "{}").path("ok").asBoolean()).isTrue();
        assertThat(call("deleteWebhook", "{}").path("result").asBoolean()).isTrue();

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/bot1:wrong/getMe"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json.readTree(r.body()).path("description").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void getChatMemberTellsAdministratorsFromMembersAndDoesNotKnowStrangers() throws Exception {
        SimUser ann = server.user(42, "Ann");
        SimUser bob = server.user(43, "Bob");
        SimUser cara = server.user(44, "Cara");
        SimChat group = server.group(-700, "Friends");
        server.sendText(group, bob, "hi all");
        server.setMemberStatus(group, ann, "administrator");
        server.setMemberStatus(group, cara, "creator");

        JsonNode admin = call("getChatMember", "{\"chat_id\":-700,\"user_id\":42}").get("result");
        assertThat(admin.path("status").asText()).isEqualTo("administrator");
        assertThat(admin.at("/user/first_name").asText()).isEqualTo("Ann");
        assertThat(admin.path("can_delete_messages").asBoolean()).isTrue();
        assertThat(call("getChatMember", "{\"chat_id\":-700,\"user_id\":43}").at("/result/status").asText())
                .isEqualTo("member");
        assertThat(call("getChatMember", "{\"chat_id\":-700,\"user_id\":44}").at("/result/status").asText())
                .isEqualTo("creator");
        JsonNode stranger = call("getChatMember", "{\"chat_id\":-700,\"user_id\":45}");
        assertThat(stranger.path("error_code").asInt()).isEqualTo(400);
        assertThat(stranger.path("description").asText()).isEqualTo("Bad Request: user not found");
        assertThat(server.journal().calls()).extracting(RequestJournal.Call::method).contains("getchatmember");
    }

    @Test
    void longPollingDeliversUpdatesOnceTheOffsetConfirmsThem() throws Exception {
        SimUser ann = server.user(42, "Ann");
        SimChat chat = server.privateChat(ann);
        server.sendCommand(chat, ann, "/start");

        JsonNode first = updates(0);
        assertThat(first).hasSize(1);
        JsonNode msg = first.get(0).get("message");
        assertThat(msg.at("/entities/0/type").asText()).isEqualTo("bot_command");
        assertThat(msg.at("/entities/0/length").asInt()).isEqualTo(6);
        assertThat(msg.at("/chat/type").asText()).isEqualTo("private");

        long next = first.get(0).get("update_id").asLong() + 1;
        assertThat(updates(next)).isEmpty(); // held, then empty
        assertThat(server.pendingUpdates()).isZero();
    }

    @Test
    void aWebhookGetsEveryUpdatePostedWithTheSecretAndExcludesGetUpdates() throws Exception {
        java.util.List<String> received = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger refuse = new java.util.concurrent.atomic.AtomicInteger(1);
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                // the first delivery is refused: the update must come again
                int status = refuse.getAndDecrement() > 0 ? 500 : 200;
                if (status == 200) {
                    received.add(ex.getRequestHeaders().getFirst("X-Telegram-Bot-Api-Secret-Token") + " " + body);
                }
                ex.sendResponseHeaders(status, -1);
            }
        });
        hook.start();
        try {
            SimUser ann = server.user(42, "Ann");
            SimChat chat = server.privateChat(ann);
            server.sendCommand(chat, ann, "/start"); // waiting before the webhook is set: delivered by it
            String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
            assertThat(call("setWebhook", "{\"url\":\"" + url + "\",\"secret_token\":\"abc_DEF-1\"}").path("result")
                    .asBoolean()).isTrue();
            server.sendCommand(chat, ann, "/help");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
            assertThat(received.get(0)).startsWith("abc_DEF-1 ").contains("/start");
            assertThat(received.get(1)).startsWith("abc_DEF-1 ").contains("/help");
            JsonNode info = call("getWebhookInfo", "{}").get("result");
            assertThat(info.get("url").asText()).isEqualTo(url);
            assertThat(info.get("pending_update_count").asInt()).isZero();
            assertThat(info.get("last_error_message").asText()).isEqualTo("Wrong response from the webhook: 500 Internal Server Error");
            assertThat(info.has("secret_token")).as("never reported").isFalse();

            JsonNode conflict = call("getUpdates", "{}");
            assertThat(conflict.get("error_code").asInt()).isEqualTo(409);
            assertThat(conflict.get("description").asText()).startsWith("Conflict: can't use getUpdates method while webhook is active");

            hook.stop(0); // nobody answers now: the update waits
            server.sendCommand(chat, ann, "/list");
            assertThat(call("deleteWebhook", "{}").path("result").asBoolean()).isTrue();
            JsonNode waiting = updates(0);
            assertThat(waiting).hasSize(1);
            assertThat(waiting.get(0).at("/message/text").asText()).isEqualTo("/list");

            assertThat(call("deleteWebhook", "{\"drop_pending_updates\":true}").path("result").asBoolean()).isTrue();
            assertThat(server.pendingUpdates()).isZero();
            assertThat(server.webhookCalls()).extracting(WebhookCall::dropPendingUpdates).containsExactly(false, false, true);
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void anEmptyPollWakesUpWhenAUserWrites() throws Exception {
        SimUser ann = server.user(42, "Ann");
        SimChat chat = server.privateChat(ann);
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                return;
            }
            server.sendText(chat, ann, "hello");
        });
        writer.start();
        JsonNode got = call("getUpdates", "{\"timeout\":30}").get("result");
        // maxPollHold (0.5 s) would end the poll empty; a result means the poll woke up for the message
        if (got.isEmpty()) {
            got = updates(0);
        }
        assertThat(got.get(0).at("/message/text").asText()).isEqualTo("hello");
    }

    @Test
    void sendEditDeleteAndButtons() throws Exception {
        SimUser ann = server.user(42, "Ann");
        SimChat chat = server.privateChat(ann);
        JsonNode sent = call("sendMessage", "{\"chat_id\":42,\"text\":\"Clip 1: 10%\",\"reply_markup\":"
                + "{\"inline_keyboard\":[[{\"text\":\"Cancel\",\"callback_data\":\"cancel:1\"}]]}}");
        int id = sent.at("/result/message_id").asInt();

        JsonNode same = call("editMessageText", "{\"chat_id\":42,\"message_id\":" + id + ",\"text\":\"Clip 1: 10%\","
                + "\"reply_markup\":{\"inline_keyboard\":[[{\"text\":\"Cancel\",\"callback_data\":\"cancel:1\"}]]}}");
        assertThat(same.path("error_code").asInt()).isEqualTo(400);
        assertThat(same.path("description").asText()).contains("message is not modified");

        call("editMessageText", "{\"chat_id\":42,\"message_id\":" + id + ",\"text\":\"Clip 1: 50%\"}");
        SimMessage m = server.botMessages(chat).get(0);
        assertThat(m.history()).containsExactly("Clip 1: 10%", "Clip 1: 50%");
        assertThat(m.buttons()).isEmpty(); // an edit without reply_markup drops the keyboard

        call("deleteMessage", "{\"chat_id\":42,\"message_id\":" + id + "}");
        assertThat(server.botMessages(chat).get(0).deleted()).isTrue();
        assertThat(call("deleteMessage", "{\"chat_id\":42,\"message_id\":" + id + "}").path("description").asText())
                .contains("message to delete not found");
        assertThat(call("sendMessage", "{\"chat_id\":999,\"text\":\"x\"}").path("description").asText())
                .isEqualTo("Bad Request: chat not found");
    }

    @Test
    void pressingAButtonQueuesACallbackThatMustBeAnswered() throws Exception {
        SimUser ann = server.user(42, "Ann");
        SimChat chat = server.privateChat(ann);
        int id = call("sendmessage", "{\"chat_id\":42,\"text\":\"Make it?\",\"reply_markup\":"
                + "{\"inline_keyboard\":[[{\"text\":\"Yes\",\"callback_data\":\"make:yes\"}]]}}")
                .at("/result/message_id").asInt();
        assertThatThrownBy(() -> server.pressButton(chat, ann, id, "make:no"))
                .isInstanceOf(IllegalArgumentException.class);
        String cb = server.pressButton(chat, ann, id, "make:yes");
        JsonNode q = updates(0).get(0).get("callback_query");
        assertThat(q.path("data").asText()).isEqualTo("make:yes");
        assertThat(q.at("/message/message_id").asInt()).isEqualTo(id);
        assertThat(server.callbackAnswered(cb)).isFalse();
        call("answerCallbackQuery", "{\"callback_query_id\":\"" + cb + "\"}");
        assertThat(server.callbackAnswered(cb)).isTrue();
    }

    @Test
    void photosComeInSizesAndDownloadThroughGetFile() throws Exception {
        SimUser ann = server.user(42, "Ann");
        SimChat chat = server.privateChat(ann);
        byte[] png = TestImages.png(320, 200);
        server.sendPhoto(chat, ann, png, "a cat");
        JsonNode sizes = updates(0).get(0).at("/message/photo");
        assertThat(sizes).hasSize(2);
        assertThat(sizes.get(1).path("width").asInt()).isEqualTo(320);
        assertThat(sizes.get(0).path("width").asInt()).isLessThanOrEqualTo(90);

        JsonNode file = call("getFile", "{\"file_id\":\"" + sizes.get(1).path("file_id").asText() + "\"}")
                .get("result");
        HttpResponse<byte[]> bytes = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/file/bot"
                + server.token() + "/" + file.path("file_path").asText())).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.body()).isEqualTo(png);
    }

    @Test
    void aFileSentFromDiskIsTheSameDocumentAsItsBytes(@TempDir Path dir) throws Exception {
        byte[] png = TestImages.png(640, 480);
        Path file = Files.write(dir.resolve("scene.png"), png);
        SimUser ann = server.user(42, "Ann");
        SimChat chat = server.privateChat(ann);
        int fromDisk = server.sendDocument(chat, ann, file, "scene.png", "image/png", "from disk");
        JsonNode streamed = updates(0).get(0).at("/message/document");
        try (FakeTelegramServer other = FakeTelegramServer.start()) {
            SimChat otherChat = other.privateChat(ann);
            other.sendDocument(otherChat, ann, png, "scene.png", "image/png", "from disk");
            JsonNode inMemory = json.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            other.baseUrl() + "/bot" + other.token() + "/getUpdates")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body()).at("/result/0/message/document");
            // the same file id (counter and content hash), size, name and type as the same bytes sent from memory
            assertThat(streamed).isEqualTo(inMemory);
        }
        assertThat(streamed.path("file_size").asLong()).isEqualTo(png.length);

        JsonNode got = call("getFile", "{\"file_id\":\"" + streamed.path("file_id").asText() + "\"}").get("result");
        HttpResponse<byte[]> bytes = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/file/bot"
                        + server.token() + "/" + got.path("file_path").asText())).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bytes.body()).isEqualTo(png);
        Files.delete(file); // the fake keeps its own copy, as Telegram does
        assertThat(server.message(chat, fromDisk).orElseThrow().document()).isEqualTo(png);
    }

    @Test
    void albumPartsArriveAsSeparateUpdatesSharingAMediaGroup() throws Exception {
        SimUser ann = server.user(42, "Ann");
        SimChat chat = server.privateChat(ann);
        List<Integer> ids = server.sendAlbum(chat, ann, List.of(new AlbumPart(TestImages.png(40, 40), "one"),
                new AlbumPart(TestImages.png(40, 40), null), new AlbumPart(TestImages.png(40, 40), "three")));
        assertThat(ids).containsExactly(1, 2, 3);
        List<JsonNode> got = new java.util.ArrayList<>();
        long offset = 0;
        while (got.size() < 3) {
            for (JsonNode u : updates(offset)) {
                got.add(u.get("message"));
                offset = u.get("update_id").asLong() + 1;
            }
        }
        assertThat(got).extracting(m -> m.path("media_group_id").asText()).containsOnly(
                got.get(0).path("media_group_id").asText());
        assertThat(got.get(1).has("caption")).isFalse();
    }

    @Test
    void privacyModeHidesPlainGroupMessagesButNotCommandsOrReplies() throws Exception {
        SimUser ann = server.user(42, "Ann");
        SimChat group = server.group(-5001, "Trip");
        server.sendText(group, ann, "just chatting");
        server.sendCommand(group, ann, "/list@other_bot");
        server.sendCommand(group, ann, "/new@" + server.botUsername() + " Trip");
        int storybook = call("sendMessage", "{\"chat_id\":-5001,\"text\":\"Storybook open\"}")
                .at("/result/message_id").asInt();
        server.sendPhoto(group, ann, TestImages.png(40, 40), "not for the bot");
        server.replyPhoto(group, ann, storybook, TestImages.png(40, 40), "for the bot");

        JsonNode ups = updates(0);
        assertThat(ups).extracting(u -> u.at("/message/text").asText(u.at("/message/caption").asText()))
                .containsExactly("/new@" + server.botUsername() + " Trip", "for the bot");
        assertThat(ups.get(1).at("/message/reply_to_message/message_id").asInt()).isEqualTo(storybook);
        assertThat(server.transcript(group)).contains("privacy mode: the bot did not see this");
        assertThat(call("deleteMessage", "{\"chat_id\":-5001,\"message_id\":1}").path("description").asText())
                .contains("message can't be deleted");
    }

    @Test
    void editsAreRateLimitedByRuleWithRetryAfter() throws Exception {
        SimUser ann = server.user(42, "Ann");
        server.privateChat(ann);
        int id = call("sendMessage", "{\"chat_id\":42,\"text\":\"0%\"}").at("/result/message_id").asInt();
        server.faults().rejectNextEdits(1, 1);
        JsonNode limited = call("editMessageText", "{\"chat_id\":42,\"message_id\":" + id + ",\"text\":\"5%\"}");
        assertThat(limited.path("error_code").asInt()).isEqualTo(429);
        assertThat(limited.at("/parameters/retry_after").asInt()).isEqualTo(1);
        // still inside the window: refused again, and the journal notices the impatience
        assertThat(call("editMessageText", "{\"chat_id\":42,\"message_id\":" + id + ",\"text\":\"6%\"}")
                .path("error_code").asInt()).isEqualTo(429);
        assertThat(server.journal().tooManyRequestsServed()).isEqualTo(2);
        assertThat(server.journal().callsDuringRetryWindow()).isEqualTo(1);
    }

    @Test
    void videoUploadsOverTheLimitAreRefusedWith413() throws Exception {
        SimUser ann = server.user(42, "Ann");
        SimChat chat = server.privateChat(ann);
        server.setUploadLimit(1000);
        assertThat(multipartVideo(new byte[1001]).statusCode()).isEqualTo(413);
        HttpResponse<String> ok = multipartVideo(new byte[1000]);
        assertThat(ok.statusCode()).isEqualTo(200);
        SimMessage video = server.videos(chat).get(0);
        assertThat(video.video()).hasSize(1000);
        assertThat(video.supportsStreaming()).isTrue();
        assertThat(video.caption()).isEqualTo("The film");
    }

    @Test
    void aHeldVideoAnswerPostsTheVideoButAnswersOnlyWhenReleased() throws Exception {
        SimUser ann = server.user(42, "Ann");
        SimChat chat = server.privateChat(ann);
        AnswerHold hold = server.faults().holdNextVideoAnswer();
        java.util.concurrent.CompletableFuture<HttpResponse<String>> upload =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return multipartVideo(new byte[500]);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        hold.awaitHeld(Duration.ofSeconds(10));
        assertThat(server.videos(chat)).as("posted, as Telegram would have").hasSize(1);
        Thread.sleep(300);
        assertThat(upload).as("but not answered").isNotDone();
        hold.release();
        assertThat(upload.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        // one hold per arming: the next upload is answered at once
        assertThat(multipartVideo(new byte[500]).statusCode()).isEqualTo(200);
        assertThat(server.videos(chat)).hasSize(2);
    }

    @Test
    void whereVideosAreForbiddenSendVideoIsRefusedAndAFileStillGoes() throws Exception {
        SimUser ann = server.user(42, "Ann");
        SimChat chat = server.privateChat(ann);
        server.faults().forbidVideos(42);
        HttpResponse<String> refused = multipartVideo(new byte[500]);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json.readTree(refused.body()).path("description").asText())
                .isEqualTo("Bad Request: not enough rights to send videos to the chat");
        assertThat(server.videos(chat)).isEmpty();
        assertThat(multipart("senddocument", "document", new byte[500]).statusCode()).isEqualTo(200);
        assertThat(server.botMessages(chat)).anyMatch(m -> m.document() != null && m.document().length == 500);
    }

    @Test
    void aVideosThumbnailIsJudgedByTheBotApiRules() throws Exception {
        SimUser ann = server.user(42, "Ann");
        SimChat chat = server.privateChat(ann);
        assertThat(videoWithThumbnail(picture("jpeg", 320, 180), true).statusCode()).isEqualTo(200);
        assertThat(videoWithThumbnail(picture("jpeg", 640, 360), false).statusCode()).isEqualTo(200);
        assertThat(videoWithThumbnail(picture("png", 100, 100), false).statusCode()).isEqualTo(200);

        List<SimMessage> videos = server.videos(chat);
        SimThumbnail good = videos.get(0).thumbnail();
        assertThat(good.accepted()).isTrue();
        assertThat(good.format()).isEqualTo("jpeg");
        assertThat(good.width()).isEqualTo(320);
        assertThat(good.height()).isEqualTo(180);
        assertThat(videos.get(1).thumbnail().accepted()).isFalse();
        assertThat(videos.get(1).thumbnail().problem()).contains("640x360");
        assertThat(videos.get(2).thumbnail().problem()).contains("not a JPEG");
        // without a thumbnail part there is none to judge
        multipartVideo(new byte[100]);
        assertThat(server.videos(chat).get(3).thumbnail()).isNull();
    }

    private static byte[] picture(String format, int w, int h) throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    /** As TelegramBots sends it: the thumbnail in its own part, named by {@code attach://} or as the field itself. */
    private HttpResponse<String> videoWithThumbnail(byte[] thumb, boolean attachRef) throws Exception {
        String b = "----b0undary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + b + "\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n42\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"video\"; filename=\"film.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[200]);
        if (attachRef) {
            body.writeBytes(("\r\n--" + b + "\r\nContent-Disposition: form-data; name=\"thumbnail\"\r\n\r\n"
                    + "attach://thumb1").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("\r\n--" + b + "\r\nContent-Disposition: form-data; name=\""
                + (attachRef ? "thumb1" : "thumbnail") + "\"; filename=\"t.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(thumb);
        body.writeBytes(("\r\n--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/bot" + server.token() + "/sendvideo"))
                .header("Content-Type", "multipart/form-data; boundary=" + b)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> multipartVideo(byte[] video) throws Exception {
        return multipart("sendvideo", "video", video);
    }

    private HttpResponse<String> multipart(String method, String part, byte[] video) throws Exception {
        String b = "----b0undary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + b + "\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n42\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"supports_streaming\"\r\n\r\ntrue\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nThe film\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"film.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(video);
        body.writeBytes(("\r\n--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/bot" + server.token() + "/" + method))
                .header("Content-Type", "multipart/form-data; boundary=" + b)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
