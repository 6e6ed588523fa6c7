package io.storyreel.core.conversation;

import io.storyreel.core.logging.SecretRegistry;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Draws the storyboard picture {@code list} sends: numbered thumbnails in a grid, each with its prompt (wrapped,
 * cut after three lines) and who added it. Thumbnails are decoded with subsampling so a large photo never costs
 * its full size in memory; a photo Java cannot decode (WebP) gets a plain placeholder.
 */
public final class StoryboardRenderer {
    private static final int COLS = 3;
    private static final int THUMB_W = 320;
    private static final int THUMB_H = 200;
    private static final int PAD = 16;
    private static final int TEXT_H = 78;
    private static final int HEADER_H = 48;
    private static final Color BACKGROUND = new Color(0x1E, 0x1F, 0x26);
    private static final Color CARD = new Color(0x2B, 0x2D, 0x38);
    private static final Color ACCENT = new Color(0xF5, 0xA6, 0x23);

    /**
     * One tile: its number, the photo's bytes, the prompt (null when missing) and the contributor's name. A secret in
     * the prompt (stored before keys were recognised) is masked: a picture is a chat message too.
     */
    public record Tile(int position, byte[] image, String prompt, String contributor) {
        public Tile {
            prompt = SecretRegistry.mask(prompt);
        }
    }

    public byte[] render(String title, List<Tile> tiles) {
        int cols = Math.min(COLS, Math.max(1, tiles.size()));
        int rows = Math.max(1, (tiles.size() + COLS - 1) / COLS);
        int width = PAD + cols * (THUMB_W + PAD);
        int height = HEADER_H + rows * (THUMB_H + TEXT_H + PAD) + PAD;
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
            g.drawString(fit(g, title == null || title.isBlank() ? "Storyboard" : title, width - 2 * PAD), PAD, 32);
            for (int i = 0; i < tiles.size(); i++) {
                int x = PAD + (i % COLS) * (THUMB_W + PAD);
                int y = HEADER_H + (i / COLS) * (THUMB_H + TEXT_H + PAD);
                drawTile(g, tiles.get(i), x, y);
            }
        } finally {
            g.dispose();
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(canvas, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drawTile(Graphics2D g, Tile t, int x, int y) {
        g.setColor(CARD);
        g.fillRoundRect(x, y, THUMB_W, THUMB_H + TEXT_H, 12, 12);
        BufferedImage thumb = thumbnail(t.image());
        if (thumb != null) {
            double scale = Math.min(THUMB_W / (double) thumb.getWidth(), THUMB_H / (double) thumb.getHeight());
            int w = (int) Math.round(thumb.getWidth() * scale);
            int h = (int) Math.round(thumb.getHeight() * scale);
            g.drawImage(thumb, x + (THUMB_W - w) / 2, y + (THUMB_H - h) / 2, w, h, null);
        } else {
            g.setColor(Color.GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
            g.drawString("(no preview)", x + THUMB_W / 2 - 45, y + THUMB_H / 2);
        }
        g.setColor(ACCENT);
        g.fillOval(x + 8, y + 8, 34, 34);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        String n = String.valueOf(t.position());
        FontMetrics fm = g.getFontMetrics();
        g.drawString(n, x + 25 - fm.stringWidth(n) / 2, y + 32);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        fm = g.getFontMetrics();
        boolean missing = t.prompt() == null || t.prompt().isBlank();
        g.setColor(missing ? ACCENT : Color.WHITE);
        List<String> lines = wrap(fm, missing ? "(no prompt yet)" : t.prompt(), THUMB_W - 16, 3);
        int ty = y + THUMB_H + 18;
        for (String line : lines) {
            g.drawString(line, x + 8, ty);
            ty += fm.getHeight();
        }
        if (t.contributor() != null) {
            g.setColor(Color.LIGHT_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 12));
            g.drawString(fit(g, "by " + t.contributor(), THUMB_W - 16), x + 8, y + THUMB_H + TEXT_H - 6);
        }
    }

    /** Decodes at a subsampling that keeps the longer side near the tile size; null when Java cannot read it. */
    private static BufferedImage thumbnail(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                int step = Math.max(1, Math.min(w / THUMB_W, h / THUMB_H));
                ImageReadParam p = reader.getDefaultReadParam();
                p.setSourceSubsampling(step, step, 0, 0);
                return reader.read(0, p);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<String> wrap(FontMetrics fm, String text, int maxWidth, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (fm.stringWidth(candidate) <= maxWidth) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
            }
            line.setLength(0);
            line.append(word);
            if (lines.size() == maxLines) {
                break;
            }
        }
        if (!line.isEmpty() && lines.size() < maxLines) {
            lines.add(line.toString());
        }
        boolean cut = lines.size() == maxLines && !String.join(" ", lines).equals(text.strip().replaceAll("\\s+", " "));
        if (cut) {
            String last = lines.get(maxLines - 1);
            while (!last.isEmpty() && fm.stringWidth(last + "…") > maxWidth) {
                last = last.substring(0, last.length() - 1);
            }
            lines.set(maxLines - 1, last + "…");
        }
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            while (l.length() > 1 && fm.stringWidth(l) > maxWidth) {
                l = l.substring(0, l.length() - 2) + "…";
            }
            lines.set(i, l);
        }
        return lines;
    }

    private static String fit(Graphics2D g, String s, int maxWidth) {
        FontMetrics fm = g.getFontMetrics();
        String out = s;
        while (out.length() > 1 && fm.stringWidth(out) > maxWidth) {
            out = out.substring(0, out.length() - 2) + "…";
        }
        return out;
    }
}
