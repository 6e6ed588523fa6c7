package io.storyreel.core.storybook;

import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class StorybookRepositoryTest {
    @TempDir
    Path dir;
    Database db;
    StorybookRepository books;
    SceneRepository scenes;
    final ChatRef chat = new ChatRef(Platform.TELEGRAM, "-5", ChatKind.GROUP);

    @BeforeEach
    void open() {
        db = Database.open(Database.h2Url(dir), "", "", 8);
        books = new StorybookRepository(db, Clock.systemUTC());
        scenes = new SceneRepository(db, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    SceneRepository.NewScene scene(String prompt) {
        return new SceneRepository.NewScene("a".repeat(64), "image/jpeg", 640, 480, prompt, "TELEGRAM:1", "Ann", null, null);
    }

    @Test
    void oneOpenStorybookPerChatWithSettingsRoundTripping() {
        Storybook sb = books.create(chat, "Trip", "TELEGRAM:1", "kling", StorybookSettings.defaults().withDuration(10));
        assertThat(books.findOpen(chat)).map(Storybook::id).contains(sb.id());
        assertThat(books.findOpen(chat).orElseThrow().settings().durationSeconds()).isEqualTo(10);
        assertThat(books.findOpen(chat).orElseThrow().chat()).isEqualTo(chat);
        assertThat(books.backToCollecting(sb.id())).as("not confirming: nothing to go back from").isFalse();
        assertThat(books.setAside(sb.id())).isTrue();
        assertThat(books.find(sb.id()).orElseThrow().state()).isEqualTo(StorybookState.CANCELLED);
        assertThat(books.findOpen(chat)).isEmpty();
        assertThat(books.findLatest(chat)).map(Storybook::id).contains(sb.id());
    }

    @Test
    void appendRespectsTheLimitAtomicallyEvenWhenPhotosRace() {
        Storybook sb = books.create(chat, null, "TELEGRAM:1", null, StorybookSettings.defaults());
        List<CompletableFuture<Optional<List<Scene>>>> racing = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String p = "p" + i;
            racing.add(CompletableFuture.supplyAsync(() -> scenes.append(sb.id(), List.of(scene(p)), 6)));
        }
        long stored = racing.stream().map(CompletableFuture::join).filter(Optional::isPresent).count();
        assertThat(stored).isEqualTo(6);
        assertThat(scenes.list(sb.id())).extracting(Scene::position).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void removeAndMoveKeepPositionsWithoutGaps() {
        Storybook sb = books.create(chat, null, "TELEGRAM:1", null, StorybookSettings.defaults());
        scenes.append(sb.id(), List.of(scene("a"), scene("b"), scene("c"), scene("d")), 6);
        assertThat(scenes.move(sb.id(), 1, 4)).isTrue();
        assertThat(scenes.list(sb.id())).extracting(Scene::prompt).containsExactly("b", "c", "d", "a");
        assertThat(scenes.remove(sb.id(), 2)).isTrue();
        assertThat(scenes.list(sb.id())).extracting(Scene::prompt, Scene::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 1), org.assertj.core.groups.Tuple.tuple("d", 2),
                        org.assertj.core.groups.Tuple.tuple("a", 3));
        assertThat(scenes.remove(sb.id(), 4)).isFalse();
        assertThat(scenes.move(sb.id(), 0, 2)).isFalse();
        Storybook copy = books.create(chat, null, "TELEGRAM:1", null, StorybookSettings.defaults());
        scenes.copyAll(sb.id(), copy.id());
        assertThat(scenes.list(copy.id())).extracting(Scene::prompt).containsExactly("b", "d", "a");
    }
}
