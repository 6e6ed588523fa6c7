package io.storyreel.core.storyboard;

import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.storage.Database;
import io.storyreel.core.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** One-time links and sessions against a real (H2) database with the real migrations. */
class SignInsTest {
    @TempDir
    Path dir;
    private Database db;
    private SettableClock clock;
    private SignIns signIns;
    private final ChatRef group = new ChatRef(Platform.TELEGRAM, "-100", ChatKind.GROUP);
    private final UserRef alex = new UserRef(Platform.TELEGRAM, "42", "Alex");

    @BeforeEach
    void open() {
        db = Database.open(Database.h2Url(dir), null, null, 4);
        clock = SettableClock.at("2026-12-03T10:00:00Z");
        signIns = new SignIns(db, clock, () -> "https://bot.example.com/", Duration.ofMinutes(10), Duration.ofHours(12));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static String token(String link) {
        return link.substring(link.lastIndexOf('/') + 1);
    }

    @Test
    void aLinkOpensOneSessionForItsUserAndChat() {
        String link = signIns.issue(group, alex);
        assertThat(link).startsWith("https://bot.example.com/signin/");
        Optional<SignIns.Session> s = signIns.redeem(token(link));
        assertThat(s).isPresent();
        assertThat(signIns.session(s.get().token())).contains(new Viewer(alex, group));
        assertThat(s.get().toString()).doesNotContain(s.get().token());
    }

    @Test
    void aLinkWorksOnceEvenWhenTwoClicksRace() throws Exception {
        String t = token(signIns.issue(group, alex));
        var pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Optional<SignIns.Session>> click = () -> signIns.redeem(t);
            List<Future<Optional<SignIns.Session>>> clicks = pool.invokeAll(List.of(click, click, click, click));
            long opened = 0;
            for (var f : clicks) {
                opened += f.get().isPresent() ? 1 : 0;
            }
            assertThat(opened).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(signIns.redeem(t)).isEmpty();
    }

    @Test
    void anOldLinkAnUnknownOneAndAnExpiredSessionAreRefused() {
        String t = token(signIns.issue(group, alex));
        clock.advance(Duration.ofMinutes(11));
        assertThat(signIns.redeem(t)).isEmpty();
        assertThat(signIns.redeem("not-a-link")).isEmpty();
        assertThat(signIns.redeem(SignIns.newToken())).isEmpty();

        SignIns.Session s = signIns.redeem(token(signIns.issue(group, alex))).orElseThrow();
        clock.advance(Duration.ofHours(13));
        assertThat(signIns.session(s.token())).isEmpty();
    }

    @Test
    void theDatabaseHoldsNoTokenInPlainText() throws Exception {
        String t = token(signIns.issue(group, alex));
        SignIns.Session s = signIns.redeem(signIns.issue(group, alex).replaceAll(".*/", "")).orElseThrow();
        StringBuilder dump = new StringBuilder();
        try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
            for (String table : List.of("web_link", "web_session")) {
                try (var rs = st.executeQuery("SELECT * FROM " + table)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            dump.append(rs.getString(i)).append(' ');
                        }
                    }
                }
            }
        }
        assertThat(dump).contains("TELEGRAM:42").doesNotContain(t).doesNotContain(s.token());
    }
}
