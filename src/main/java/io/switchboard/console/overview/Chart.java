package io.switchboard.console.overview;

import java.time.Instant;
import java.util.Locale;

import io.quarkus.qute.TemplateData;

/**
 * A line chart drawn as SVG on the server: {@code points} is the polyline in a {@value #WIDTH}×{@value #HEIGHT}
 * box, {@code max} the value at the top edge, the labels the times of the first and last points.
 */
@TemplateData
public record Chart(String title, String unit, String points, String max, Instant from, Instant to, String latest) {

    public static final int WIDTH = 600;
    public static final int HEIGHT = 120;

    public static Chart of(String title, String unit, double[] values, Instant from, Instant to) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double top = max <= 0 ? 1 : max;
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            double x = values.length == 1 ? 0 : (double) i * WIDTH / (values.length - 1);
            double y = HEIGHT - values[i] / top * (HEIGHT - 4) - 2;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return new Chart(title, unit, points.toString().trim(), format(max), from, to,
                values.length == 0 ? "0" : format(values[values.length - 1]));
    }

    public static Chart of(String title, String unit, long[] values, Instant from, Instant to) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return of(title, unit, doubles, from, to);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
