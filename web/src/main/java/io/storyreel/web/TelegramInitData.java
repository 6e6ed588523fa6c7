package io.storyreel.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.storyboard.SignIns;
import io.storyreel.core.storyboard.Viewer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a Telegram Mini App's {@code initData} as Telegram specifies: the data-check-string (every field but
 * {@code hash}, sorted by key, {@code key=value} joined by newlines) signed with HMAC-SHA-256 under the key
 * HMAC-SHA-256("WebAppData", bot token), compared in constant time; then {@code auth_date} must be at most
 * {@code maxAge} old, and each signed data is accepted once (a copy of it replayed later is refused). The viewer is the
 * signed user, in their private chat with the bot, or in the group the Mini App was opened from: the signed
 * {@code chat} (opened from a group's attachment menu) or {@code start_param} (a group's "Open storyboard" link,
 * {@link SignIns#startParam}). Whether they belong to that group is the page's to ask.
 */
final class TelegramInitData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] secret;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    /** Why a sign-in was refused: FORGED (401: not signed by this bot), STALE or REUSED (403). */
    enum Refusal { FORGED, STALE, REUSED }

    static final class Refused extends Exception {
        final Refusal why;

        Refused(Refusal why) {
            super(why.name());
            this.why = why;
        }
    }

    TelegramInitData(String botToken, Duration maxAge, Clock clock) {
        this.secret = hmac("WebAppData".getBytes(StandardCharsets.UTF_8), botToken.getBytes(StandardCharsets.UTF_8));
        this.maxAge = maxAge;
        this.clock = clock;
    }

    Viewer check(String initData) throws Refused {
        if (initData == null || initData.isBlank() || initData.length() > 8192) {
            throw new Refused(Refusal.FORGED);
        }
        Map<String, String> fields = new TreeMap<>();
        for (String pair : initData.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new Refused(Refusal.FORGED);
            }
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        String hash = fields.remove("hash");
        if (hash == null) {
            throw new Refused(Refusal.FORGED);
        }
        StringBuilder check = new StringBuilder();
        fields.forEach((k, v) -> check.append(check.isEmpty() ? "" : "\n").append(k).append('=').append(v));
        byte[] expected = hmac(secret, check.toString().getBytes(StandardCharsets.UTF_8));
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hash);
        } catch (IllegalArgumentException e) {
            throw new Refused(Refusal.FORGED);
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new Refused(Refusal.FORGED);
        }
        long authDate;
        try {
            authDate = Long.parseLong(fields.getOrDefault("auth_date", ""));
        } catch (NumberFormatException e) {
            throw new Refused(Refusal.FORGED);
        }
        long now = clock.millis();
        long age = now - authDate * 1000;
        if (age > maxAge.toMillis() || age < -Duration.ofMinutes(5).toMillis()) {
            throw new Refused(Refusal.STALE);
        }
        seen.values().removeIf(until -> until < now);
        if (seen.putIfAbsent(hash, authDate * 1000 + maxAge.toMillis()) != null) {
            throw new Refused(Refusal.REUSED);
        }
        Viewer alone = viewer(fields.get("user")).orElseThrow(() -> new Refused(Refusal.FORGED));
        return group(fields.get("chat")).or(() -> SignIns.groupOf(fields.get("start_param")))
                .map(g -> new Viewer(alone.user(), g)).orElse(alone);
    }

    /** The group of a signed {@code chat} field (type group or supergroup); a private chat or a channel names none. */
    private static Optional<ChatRef> group(String chatJson) {
        if (chatJson == null) {
            return Optional.empty();
        }
        try {
            JsonNode c = JSON.readTree(chatJson);
            String type = c.path("type").asText();
            return c.hasNonNull("id") && (type.equals("group") || type.equals("supergroup"))
                    ? Optional.of(new ChatRef(Platform.TELEGRAM, c.get("id").asText(), ChatKind.GROUP)) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Viewer> viewer(String userJson) {
        if (userJson == null) {
            return Optional.empty();
        }
        try {
            JsonNode u = JSON.readTree(userJson);
            if (!u.hasNonNull("id")) {
                return Optional.empty();
            }
            String id = u.get("id").asText();
            String name = u.path("first_name").asText(u.path("username").asText(id));
            return Optional.of(new Viewer(new UserRef(Platform.TELEGRAM, id, name),
                    new ChatRef(Platform.TELEGRAM, id, ChatKind.PRIVATE)));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
