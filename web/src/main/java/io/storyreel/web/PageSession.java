package io.storyreel.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The session cookie (HttpOnly, SameSite=Strict, Secure behind https) and the CSRF token every change must carry. The
 * token is derived from the session's own secret, which only this page and the cookie know, so it needs no storage
 * and is useless to another site: it cannot read the cookie, and cannot read the page that shows the token.
 */
final class PageSession {
    static final String COOKIE = "storyreel_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_FIELD = "csrf";

    private final boolean secure;
    private final int maxAgeSeconds;

    PageSession(boolean secure, int maxAgeSeconds) {
        this.secure = secure;
        this.maxAgeSeconds = maxAgeSeconds;
    }

    void set(Context ctx, String token) {
        ctx.cookie(new Cookie(COOKIE, token, "/", maxAgeSeconds, secure, true, null, SameSite.STRICT));
    }

    void clear(Context ctx) {
        ctx.cookie(new Cookie(COOKIE, "", "/", 0, secure, true, null, SameSite.STRICT));
    }

    static String token(Context ctx) {
        return ctx.cookie(COOKIE);
    }

    static String csrfFor(String sessionToken) {
        byte[] mac = TelegramInitData.hmac(sessionToken.getBytes(StandardCharsets.UTF_8),
                "storyreel-csrf".getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    /** Whether the request carries this session's CSRF token (header from htmx, or form field). */
    static boolean csrfOk(Context ctx, String sessionToken) {
        String given = ctx.header(CSRF_HEADER);
        if (given == null || given.isBlank()) {
            given = ctx.formParam(CSRF_FIELD);
        }
        return given != null && MessageDigest.isEqual(csrfFor(sessionToken).getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }
}
