package io.storyreel.core.conversation;

import io.storyreel.core.conversation.testing.TestImages;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StoryboardRendererTest {
    private final StoryboardRenderer renderer = new StoryboardRenderer();

    @Test
    void drawsAGridOfThumbnailsAsPngWithRowsForEveryThreeScenes() throws Exception {
        List<StoryboardRenderer.Tile> four = List.of(
                new StoryboardRenderer.Tile(1, TestImages.jpeg(1), "a cat wakes up in the morning sun", "Ann"),
                new StoryboardRenderer.Tile(2, TestImages.png(300, 600, 2), null, "Bob"),
                new StoryboardRenderer.Tile(3, "not decodable".getBytes(), "a long prompt ".repeat(40), "Cid"),
                new StoryboardRenderer.Tile(4, TestImages.jpeg(4), "the end", "Ann"));
        BufferedImage board = ImageIO.read(new ByteArrayInputStream(renderer.render("Trip", four)));
        BufferedImage one = ImageIO.read(new ByteArrayInputStream(renderer.render("Trip", four.subList(0, 1))));
        assertThat(board.getWidth()).isGreaterThan(one.getWidth());
        assertThat(board.getHeight()).isGreaterThan(one.getHeight());
        // the first thumbnail's pixels come from the photo: not the card's flat colour
        int centre = board.getRGB(16 + 160, 48 + 100) & 0xFFFFFF;
        assertThat(centre).isNotEqualTo(0x2B2D38).isNotEqualTo(0x1E1F26);
    }
}
