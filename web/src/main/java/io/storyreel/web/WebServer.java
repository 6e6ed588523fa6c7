package io.storyreel.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.storyboard.Board;
import io.storyreel.core.storyboard.SignIns;
import io.storyreel.core.storyboard.Storyboard;
import io.storyreel.core.storyboard.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storyboard page's server. Reading needs a session; every change needs a session and its CSRF token, and goes to
 * core's {@link Storyboard}, which hands it to the conversation: what the page may do is what the chat may do. The
 * answers are fragments htmx swaps in; the board itself also arrives over {@link BoardEvents}.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    /** Names the page a change came from (one per load), so its own live stream does not redraw it twice. */
    static final String TAB_HEADER = "X-Page-Tab";

    private final Storyboard storyboard;
    private final SignIns signIns;
    private final TelegramInitData initData;
    private final PageSession sessions;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final BoardEvents events;
    private final Javalin app;
    private final int maxPhotoBytes;
    private final int maxScenes;
    private final long maxMusicBytes;
    private final List<String> providers;

    /**
     * @param telegramToken the bot's Telegram token (null: no Telegram, so no Mini App sign-in)
     * @param secureCookies whether the page is reached over https (the cookie is then marked Secure)
     * @param providers     the installed providers' ids, offered in the page's key form
     */
    public WebServer(StoryreelConfig.Web settings, StoryreelConfig.Limits limits, Storyboard storyboard, SignIns signIns,
                     String telegramToken, boolean secureCookies, List<String> providers, Clock clock) {
        this.providers = List.copyOf(providers);
        this.storyboard = storyboard;
        this.signIns = signIns;
        this.initData = telegramToken == null || telegramToken.isBlank() ? null
                : new TelegramInitData(telegramToken, settings.initDataMaxAge(), clock);
        this.sessions = new PageSession(secureCookies, (int) settings.sessionLifetime().toSeconds());
        this.maxPhotoBytes = limits.maxPhotoBytes();
        this.maxScenes = limits.maxScenes();
        this.maxMusicBytes = limits.maxMusicBytes();
        this.events = new BoardEvents(storyboard, (v, b) -> render("board.jte", Map.of("board", b)),
                (v, b) -> render("film.jte", Map.of("board", b)), this::settingsForm, 500);
        long maxRequest = Math.max((long) maxPhotoBytes * maxScenes, maxMusicBytes) + 1024 * 1024;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.bindAddress();
            config.jetty.port = settings.port();
            config.http.maxRequestSize = maxRequest;
            config.staticFiles.enableWebjars();
            config.routes.get("/", this::page);
            config.routes.get("/signin/{token}", this::signIn);
            config.routes.post("/miniapp", this::miniApp);
            config.routes.get("/board", ctx -> withViewer(ctx, v -> ctx.html(render("board.jte", Map.of("board", storyboard.board(v))))));
            config.routes.sse("/events", client -> {
                Optional<Viewer> v = viewer(client.ctx());
                if (v.isEmpty()) {
                    client.ctx().status(HttpStatus.UNAUTHORIZED);
                    client.close();
                    return;
                }
                events.watch(client, v.get(), client.ctx().queryParam("tab"));
            });
            config.routes.get("/photo/{scene}", this::photo);
            config.routes.get("/film/{film}", this::film);
            config.routes.get("/clip/{clip}", this::clip);
            config.routes.post("/photos", ctx -> change(ctx, v -> addPhotos(v, ctx)));
            config.routes.post("/music", ctx -> change(ctx, v -> storyboard.music(v, music(ctx))));
            config.routes.post("/move", ctx -> change(ctx, v -> storyboard.move(v, number(ctx, "from"), number(ctx, "to"))));
            config.routes.post("/prompt", ctx -> change(ctx, v -> storyboard.prompt(v, number(ctx, "scene"), ctx.formParam("text"))));
            config.routes.post("/remove", ctx -> change(ctx, v -> storyboard.remove(v, number(ctx, "scene"))));
            config.routes.post("/scene", ctx -> change(ctx, v -> storyboard.sceneChoice(v, number(ctx, "scene"),
                    ctx.formParam("choice"))));
            config.routes.post("/make", ctx -> change(ctx, storyboard::make));
            config.routes.post("/setting", ctx -> change(ctx, v -> storyboard.setting(v, ctx.formParam("key"), ctx.formParam("value"))));
            config.routes.post("/ask", ctx -> change(ctx, v -> storyboard.ask(v, ask(ctx), optionalNumber(ctx, "scene"))));
            config.routes.post("/keys", ctx -> change(ctx, v -> storyboard.keys(v, ctx.formParam("provider"), ctx.formParam("secret"))));
            config.routes.post("/press", ctx -> change(ctx, v -> storyboard.press(v, ctx.formParam("data"))
                    .orElseGet(() -> new Storyboard.Answer(List.of(Words.buttonGone()), List.of()))));
            config.routes.post("/signout", ctx -> {
                String token = PageSession.token(ctx);
                if (token == null || signIns.session(token).isEmpty() || !PageSession.csrfOk(ctx, token)) {
                    ctx.status(HttpStatus.FORBIDDEN).result("");
                    return;
                }
                signIns.signOut(token);
                sessions.clear(ctx);
                ctx.html(render("signedout.jte", Map.of()));
            });
            config.routes.exception(BadInput.class, (e, ctx) -> ctx.status(HttpStatus.BAD_REQUEST).html(said(e.getMessage())));
        });
        app.start();
        log.info("Storyboard page on {}:{}", settings.bindAddress(), app.port());
    }

    public int port() {
        return app.port();
    }

    // ---------------------------------------------------------------- signing in

    private void page(Context ctx) {
        Optional<Viewer> v = viewer(ctx);
        if (v.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED).html(render("signin.jte", Map.of("refused", false, "miniApp", initData != null)));
            return;
        }
        noStore(ctx);
        ctx.html(render("page.jte", Map.of("board", storyboard.board(v.get()), "viewer", v.get(),
                "csrf", PageSession.csrfFor(PageSession.token(ctx)), "maxScenes", maxScenes, "providers", providers, "sheet", storyboard.settings(v.get()),
                "tab", java.util.UUID.randomUUID().toString())));
    }

    /**
     * A one-time link: spent here, and the page opened from a page of ours, so the SameSite=Strict cookie set now is
     * sent with it (a cross-site click followed by a redirect would not send it).
     */
    private void signIn(Context ctx) {
        noStore(ctx);
        ctx.header("Referrer-Policy", "no-referrer");
        Optional<SignIns.Session> s = signIns.redeem(ctx.pathParam("token"));
        if (s.isEmpty()) {
            ctx.status(HttpStatus.FORBIDDEN).html(render("signin.jte", Map.of("refused", true, "miniApp", initData != null)));
            return;
        }
        sessions.set(ctx, s.get().token());
        ctx.html(render("signedin.jte", Map.of()));
    }

    private void miniApp(Context ctx) {
        noStore(ctx);
        if (initData == null) {
            ctx.status(HttpStatus.NOT_FOUND).result("");
            return;
        }
        try {
            Viewer v = initData.check(ctx.formParam("initData"));
            if (!v.chat().isPrivate()) {
                // opened from a group: its storybook only for its members, as Telegram says now
                Optional<Viewer> member = storyboard.inGroup(v, v.chat());
                if (member.isEmpty()) {
                    ctx.status(HttpStatus.FORBIDDEN).result("not a member");
                    return;
                }
            }
            sessions.set(ctx, signIns.open(v).token());
            ctx.status(HttpStatus.NO_CONTENT);
        } catch (TelegramInitData.Refused r) {
            ctx.status(r.why == TelegramInitData.Refusal.FORGED ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN)
                    .result(r.why.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private Optional<Viewer> viewer(Context ctx) {
        return signIns.session(PageSession.token(ctx));
    }

    // ---------------------------------------------------------------- reading

    private void photo(Context ctx) {
        withViewer(ctx, v -> {
            Optional<Storyboard.Photo> p = storyboard.photo(v, ctx.pathParam("scene"));
            if (p.isEmpty()) {
                ctx.status(HttpStatus.FORBIDDEN).result("");
                return;
            }
            ctx.header("Cache-Control", "private, max-age=3600");
            ctx.contentType(p.get().mime() == null ? "image/jpeg" : p.get().mime());
            ctx.result(read(p.get().file()));
        });
    }

    private void film(Context ctx) {
        video(ctx, v -> storyboard.film(v, ctx.pathParam("film")));
    }

    /** A scene's clip: the same checks as the film's (signed in, made in the viewer's chat, still kept). */
    private void clip(Context ctx) {
        video(ctx, v -> storyboard.clip(v, ctx.pathParam("clip")));
    }

    private void video(Context ctx, java.util.function.Function<Viewer, Optional<Path>> find) {
        withViewer(ctx, v -> {
            Optional<Path> mp4 = find.apply(v);
            if (mp4.isEmpty()) {
                ctx.status(HttpStatus.FORBIDDEN).result("");
                return;
            }
            if (ctx.queryParam("download") != null) {
                ctx.header("Content-Disposition", "attachment; filename=\"storyreel-film.mp4\"");
            }
            try {
                InputStream in = Files.newInputStream(mp4.get());
                ctx.writeSeekableStream(in, "video/mp4", Files.size(mp4.get()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    // ---------------------------------------------------------------- changing

    private interface Change {
        Storyboard.Answer apply(Viewer v);
    }

    private interface Read {
        void apply(Viewer v);
    }

    private void withViewer(Context ctx, Read read) {
        Optional<Viewer> v = viewer(ctx);
        if (v.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED).result("");
            return;
        }
        read.apply(v.get());
    }

    /** A change: signed in, with the CSRF token; answered with what the conversation said, and the board afresh. */
    private void change(Context ctx, Change change) {
        String token = PageSession.token(ctx);
        Optional<Viewer> v = signIns.session(token);
        // refused, with a sentence the page shows where the answer goes (the page's htmx swaps 400, 401 and 403)
        if (v.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED).html(said(Words.signedOut()));
            return;
        }
        if (!PageSession.csrfOk(ctx, token)) {
            ctx.status(HttpStatus.FORBIDDEN).html(said(Words.staleTab()));
            return;
        }
        Storyboard.Answer answer = change.apply(v.get());
        Board board = storyboard.board(v.get());
        String settings = settingsForm(v.get());
        events.shown(v.get(), ctx.header(TAB_HEADER), board, settings);
        noStore(ctx);
        ctx.html(render("answer.jte", Map.of("answer", answer)) + render("boardoob.jte", Map.of("board", board))
                + "<section id=\"settings\" hx-swap-oob=\"innerHTML\">" + settings + "</section>");
    }

    private String said(String sentence) {
        return render("answer.jte", Map.of("answer", new Storyboard.Answer(List.of(sentence), List.of())));
    }

    private String settingsForm(Viewer v) {
        return render("settings.jte", Map.of("sheet", storyboard.settings(v)));
    }

    /**
     * The music file chosen on the page. One over the limit is refused here with the chat's sentence and its real
     * size (core, given the first bytes only, would name their size); the rest core checks as the chat's.
     */
    private Storyboard.Music music(Context ctx) {
        UploadedFile f = ctx.uploadedFile("music");
        if (f == null || f.size() == 0) {
            throw new BadInput(Words.noMusic());
        }
        if (f.size() > maxMusicBytes) {
            throw new BadInput(Storyboard.musicTooLarge(f.filename(), f.size(), maxMusicBytes));
        }
        try (InputStream in = f.content()) {
            return new Storyboard.Music(f.filename(), in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxMusicBytes + 1)),
                    f.contentType());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The photos chosen on the page, as an album. A photo over the limit is refused here with the chat's sentence and
     * its real size, named when several were chosen; the others go on to core, which checks them as the chat's.
     */
    private Storyboard.Answer addPhotos(Viewer v, Context ctx) {
        List<UploadedFile> files = ctx.uploadedFiles("photos");
        if (files.isEmpty()) {
            throw new BadInput(Words.noPhotos());
        }
        if (files.size() > maxScenes) {
            throw new BadInput(Words.tooManyPhotos(maxScenes));
        }
        List<String> refused = new ArrayList<>();
        List<Storyboard.Upload> fine = new ArrayList<>();
        for (UploadedFile f : files) {
            if (f.size() > maxPhotoBytes) {
                refused.add((files.size() > 1 ? "\"" + f.filename() + "\": " : "")
                        + Storyboard.photoTooLarge(f.size(), maxPhotoBytes));
                continue;
            }
            try (InputStream in = f.content()) {
                fine.add(new Storyboard.Upload(f.filename(), in.readNBytes(maxPhotoBytes + 1), ctx.formParam("caption")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (fine.isEmpty()) {
            throw new BadInput(String.join("\n", refused));
        }
        Storyboard.Answer added = storyboard.addPhotos(v, fine);
        if (refused.isEmpty()) {
            return added;
        }
        List<String> lines = new ArrayList<>(refused);
        lines.addAll(added.lines());
        return new Storyboard.Answer(lines, added.buttons());
    }

    private static Storyboard.Ask ask(Context ctx) {
        try {
            return Storyboard.Ask.valueOf(String.valueOf(ctx.formParam("what")).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInput(Words.unknownAsk());
        }
    }

    private static Integer optionalNumber(Context ctx, String field) {
        String v = ctx.formParam(field);
        return v == null || v.isBlank() ? null : number(ctx, field);
    }

    private static int number(Context ctx, String field) {
        try {
            return Integer.parseInt(String.valueOf(ctx.formParam(field)).strip());
        } catch (NumberFormatException e) {
            throw new BadInput(Words.notANumber(field));
        }
    }

    static final class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message);
        }
    }

    private static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        templates.render(template, params, out);
        return out.toString();
    }

    @Override
    public void close() {
        events.close();
        app.stop();
    }
}
