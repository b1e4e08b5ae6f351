package io.gilguard.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the soak's CSV files (Soak) as one PNG: heap in use after GC and resident set, in MiB,
 * per minute, one line per file. {@code java -cp benchmarks.jar io.gilguard.bench.SoakPlot OUT.png A.csv B.csv}.
 */
public final class SoakPlot {
    private static final Color[] COLORS = {new Color(0xC0392B), new Color(0x2471A3), new Color(0x229954), Color.DARK_GRAY};
    private static final int W = 900;
    private static final int PANEL = 300;

    private SoakPlot() {}

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> labels = new ArrayList<>();
        List<double[][]> series = new ArrayList<>(); // per file: minute, heap MiB, rss MiB
        for (int i = 1; i < args.length; i++) {
            labels.add(Path.of(args[i]).getFileName().toString().replace(".csv", ""));
            List<String> lines = Files.readAllLines(Path.of(args[i]));
            double[][] rows = new double[lines.size() - 1][];
            for (int r = 1; r < lines.size(); r++) {
                String[] f = lines.get(r).split(",");
                rows[r - 1] = new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[2]) / 1024, Double.parseDouble(f[3]) / 1024};
            }
            series.add(rows);
        }
        BufferedImage image = new BufferedImage(W, 2 * PANEL + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        panel(g, 0, "heap in use after GC (MiB)", series, 1, labels);
        panel(g, PANEL, "resident set (MiB)", series, 2, labels);
        g.setColor(Color.BLACK);
        g.drawString("minutes", W / 2 - 20, 2 * PANEL + 30);
        ImageIO.write(image, "png", Path.of(args[0]).toFile());
    }

    private static void panel(Graphics2D g, int top, String title, List<double[][]> series, int column, List<String> labels) {
        int left = 70;
        int right = W - 20;
        int y0 = top + PANEL - 30;
        int y1 = top + 30;
        double maxX = 1;
        double maxY = 1;
        for (double[][] rows : series) {
            for (double[] row : rows) {
                maxX = Math.max(maxX, row[0]);
                maxY = Math.max(maxY, row[column]);
            }
        }
        maxY = Math.ceil(maxY * 1.15 / 10) * 10;
        g.setColor(Color.BLACK);
        g.drawString(title, left, top + 18);
        g.drawLine(left, y0, right, y0);
        g.drawLine(left, y0, left, y1);
        for (int t = 0; t <= 4; t++) {
            int y = y0 - (y0 - y1) * t / 4;
            g.setColor(Color.LIGHT_GRAY);
            g.drawLine(left + 1, y, right, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(maxY < 40 ? "%.1f" : "%.0f", maxY * t / 4), 10, y + 4);
            int x = left + (right - left) * t / 4;
            g.drawString(String.format("%.0f", maxX * t / 4), x - 8, y0 + 16);
        }
        g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < series.size(); s++) {
            double[][] rows = series.get(s);
            g.setColor(COLORS[s % COLORS.length]);
            for (int r = 1; r < rows.length; r++) {
                g.drawLine(x(rows[r - 1][0], maxX, left, right), y(rows[r - 1][column], maxY, y0, y1),
                        x(rows[r][0], maxX, left, right), y(rows[r][column], maxY, y0, y1));
            }
            g.drawString(labels.get(s), right - 220, y1 + 16 * (s + 1));
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static int x(double v, double max, int left, int right) {
        return left + (int) Math.round((right - left) * v / max);
    }

    private static int y(double v, double max, int y0, int y1) {
        return y0 - (int) Math.round((y0 - y1) * v / max);
    }
}
