package io.storyreel.core.storyboard;

import io.storyreel.core.conversation.WebLinks;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.Jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sign-in without passwords: one-time links (made by {@code /web}, used once, within minutes) and the sessions they
 * open. Tokens are 32 random bytes; the database keeps only their SHA-256, so neither a log of the table nor a backup
 * opens a page. A link is spent in the same statement that checks it, so two clicks cannot both open a session.
 */
public final class SignIns implements WebLinks {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "user_key, user_name, platform, chat_id, chat_kind";

    private final Jdbc sql;
    private final Clock clock;
    private final Supplier<String> pageUrl;
    private final Duration linkLifetime;
    private final Duration sessionLifetime;

    /**
     * @param pageUrl the page's public address (asked each time: a server on a free port knows it only once started)
     */
    public SignIns(Database db, Clock clock, Supplier<String> pageUrl, Duration linkLifetime, Duration sessionLifetime) {
        this.sql = new Jdbc(db.dataSource());
        this.clock = clock;
        this.pageUrl = pageUrl;
        this.linkLifetime = linkLifetime;
        this.sessionLifetime = sessionLifetime;
    }

    /** A signed-in session: its token goes in the cookie, never anywhere else. */
    public record Session(String token, Viewer viewer) {
        @Override
        public String toString() {
            return "Session[viewer=" + viewer + ", token=***]";
        }
    }

    @Override
    public String issue(ChatRef chat, UserRef user) {
        String token = newToken();
        long now = clock.millis();
        sql.update("INSERT INTO web_link (token_hash, " + COLUMNS + ", created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                hash(token), user.key(), user.displayName(), chat.platform().name(), chat.chatId(), chat.kind().name(),
                now, now + linkLifetime.toMillis());
        return pageUrl.get().replaceAll("/+$", "") + "/signin/" + token;
    }

    @Override
    public Duration lifetime() {
        return linkLifetime;
    }

    /**
     * A Telegram group's start parameter, {@code g} and the group's id ({@code g-1001234567890}: Telegram allows
     * letters, digits, {@code _} and {@code -}), while the page has an https address (Mini Apps open only those). It is
     * no secret: whoever opens it is signed by Telegram, and only the group's members get its storybook.
     */
    @Override
    public Optional<String> startParam(ChatRef chat) {
        boolean miniApp = pageUrl.get().startsWith("https://");
        return miniApp && chat.platform() == Platform.TELEGRAM && !chat.isPrivate()
                ? Optional.of("g" + chat.chatId()) : Optional.empty();
    }

    /** The Telegram group a start parameter names ({@link #startParam}), if it names one. */
    public static Optional<ChatRef> groupOf(String startParam) {
        return startParam != null && startParam.matches("g-?[0-9]{1,20}")
                ? Optional.of(new ChatRef(Platform.TELEGRAM, startParam.substring(1), ChatKind.GROUP)) : Optional.empty();
    }

    /** Spends the link and opens a session; empty for a link that is unknown, used or expired. */
    public Optional<Session> redeem(String linkToken) {
        if (linkToken == null || linkToken.isBlank()) {
            return Optional.empty();
        }
        long now = clock.millis();
        String h = hash(linkToken);
        return sql.inTransaction(c -> {
            // spending first: only the one statement that changed the row may go on
            int spent = Jdbc.update(c, "UPDATE web_link SET used_at = ? WHERE token_hash = ? AND used_at IS NULL "
                    + "AND expires_at > ?", now, h, now);
            if (spent != 1) {
                return Optional.<Session>empty();
            }
            Viewer v = Jdbc.one(c, "SELECT " + COLUMNS + " FROM web_link WHERE token_hash = ?", SignIns::viewer, h)
                    .orElseThrow();
            return Optional.of(open(c, v, now));
        });
    }

    /** A session for someone whose identity was proven another way (a Telegram Mini App's signed data). */
    public Session open(Viewer viewer) {
        return sql.inTransaction(c -> open(c, viewer, clock.millis()));
    }

    private Session open(java.sql.Connection c, Viewer v, long now) throws SQLException {
        String token = newToken();
        Jdbc.update(c, "INSERT INTO web_session (token_hash, " + COLUMNS + ", created_at, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", hash(token), v.user().key(), v.user().displayName(),
                v.chat().platform().name(), v.chat().chatId(), v.chat().kind().name(), now, now + sessionLifetime.toMillis());
        Jdbc.update(c, "DELETE FROM web_session WHERE expires_at <= ?", now);
        Jdbc.update(c, "DELETE FROM web_link WHERE expires_at <= ?", now - linkLifetime.toMillis());
        return new Session(token, v);
    }

    /** Who holds this session token, while it lasts. */
    public Optional<Viewer> session(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return sql.one("SELECT " + COLUMNS + " FROM web_session WHERE token_hash = ? AND expires_at > ?", SignIns::viewer,
                hash(token), clock.millis());
    }

    public void signOut(String token) {
        if (token != null) {
            sql.update("DELETE FROM web_session WHERE token_hash = ?", hash(token));
        }
    }

    private static Viewer viewer(ResultSet rs) throws SQLException {
        Platform platform = Platform.valueOf(rs.getString("platform"));
        String userKey = rs.getString("user_key");
        String userId = userKey.substring(userKey.indexOf(':') + 1);
        return new Viewer(new UserRef(platform, userId, rs.getString("user_name")),
                new ChatRef(platform, rs.getString("chat_id"), ChatKind.valueOf(rs.getString("chat_kind"))));
    }

    static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
