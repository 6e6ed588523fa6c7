package io.storyreel.web;

import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.storyboard.Viewer;
import io.storyreel.core.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mini App sign-in data signed the way Telegram signs it (HMAC-SHA-256 of the sorted data-check-string under
 * HMAC-SHA-256("WebAppData", bot token)), written here independently of the checker.
 */
class TelegramInitDataTest {
    static final String TOKEN = "123456:ABC-the-bot-token";
    private final SettableClock clock = SettableClock.at("2026-12-03T10:00:00Z");
    private final TelegramInitData checker = new TelegramInitData(TOKEN, Duration.ofHours(1), clock);

    /** The query string a Mini App receives, signed with {@code token}, issued at {@code authDate} (epoch seconds). */
    static String signed(String token, long authDate, String userJson) throws Exception {
        return signed(token, authDate, userJson, Map.of());
    }

    /** Like {@link #signed(String, long, String)}, with more signed fields ({@code start_param}, {@code chat}). */
    static String signed(String token, long authDate, String userJson, Map<String, String> more) throws Exception {
        Map<String, String> f = new TreeMap<>(more);
        f.put("auth_date", Long.toString(authDate));
        f.put("query_id", "AAHdF6IQAAAAAN0XohDhrOrc");
        f.put("user", userJson);
        String check = f.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("WebAppData".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] secret = mac.doFinal(token.getBytes(StandardCharsets.UTF_8));
        mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
        String hash = HexFormat.of().formatHex(mac.doFinal(check.getBytes(StandardCharsets.UTF_8)));
        f.put("hash", hash);
        return f.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private long now() {
        return clock.millis() / 1000;
    }

    private static final String ALEX = "{\"id\":4242,\"first_name\":\"Alex\",\"username\":\"alex\"}";

    @Test
    void dataSignedForThisBotSignsTheUserInToTheirPrivateChat() throws Exception {
        Viewer v = checker.check(signed(TOKEN, now() - 30, ALEX));
        assertThat(v.user().key()).isEqualTo("TELEGRAM:4242");
        assertThat(v.user().displayName()).isEqualTo("Alex");
        assertThat(v.chat().platform()).isEqualTo(Platform.TELEGRAM);
        assertThat(v.chat().chatId()).isEqualTo("4242");
        assertThat(v.chat().kind()).isEqualTo(ChatKind.PRIVATE);
    }

    @Test
    void openedFromAGroupByItsStartParameterOrItsChatTheViewerIsInThatGroup() throws Exception {
        Viewer byLink = checker.check(signed(TOKEN, now() - 5, ALEX, Map.of("start_param", "g-1001234567890")));
        assertThat(byLink.user().key()).isEqualTo("TELEGRAM:4242");
        assertThat(byLink.chat()).isEqualTo(new io.storyreel.core.chat.ChatRef(Platform.TELEGRAM, "-1001234567890",
                ChatKind.GROUP));
        Viewer byMenu = checker.check(signed(TOKEN, now() - 4, ALEX, Map.of("chat",
                "{\"id\":-5001,\"type\":\"supergroup\",\"title\":\"Film club\"}")));
        assertThat(byMenu.chat().chatId()).isEqualTo("-5001");
        assertThat(byMenu.chat().kind()).isEqualTo(ChatKind.GROUP);
        // a start parameter that names no group opens the member's own chat; a changed one is no longer signed
        assertThat(checker.check(signed(TOKEN, now() - 3, ALEX, Map.of("start_param", "promo"))).chat().kind())
                .isEqualTo(ChatKind.PRIVATE);
        assertRefused(signed(TOKEN, now() - 2, ALEX, Map.of("start_param", "g-5001")).replace("g-5001", "g-5002"),
                TelegramInitData.Refusal.FORGED);
    }

    @Test
    void anotherBotsSignatureOrAChangedFieldIsForged() throws Exception {
        assertRefused(signed("999:another-bot", now(), ALEX), TelegramInitData.Refusal.FORGED);
        String tampered = signed(TOKEN, now(), ALEX).replace("4242", "4243");
        assertRefused(tampered, TelegramInitData.Refusal.FORGED);
        assertRefused("user=x&auth_date=1", TelegramInitData.Refusal.FORGED);
        assertRefused(signed(TOKEN, now(), ALEX).replaceAll("hash=[0-9a-f]+", "hash=zz"), TelegramInitData.Refusal.FORGED);
    }

    @Test
    void dataOlderThanTheAllowedAgeIsStale() throws Exception {
        assertRefused(signed(TOKEN, now() - 3601, ALEX), TelegramInitData.Refusal.STALE);
    }

    @Test
    void theSameSignedDataWorksOnce() throws Exception {
        String data = signed(TOKEN, now() - 5, ALEX);
        checker.check(data);
        assertRefused(data, TelegramInitData.Refusal.REUSED);
    }

    private void assertRefused(String data, TelegramInitData.Refusal why) {
        assertThatThrownBy(() -> checker.check(data)).isInstanceOfSatisfying(TelegramInitData.Refused.class,
                r -> assertThat(r.why).isEqualTo(why));
    }
}
