package dev.evals4j.core.reports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Inline SVG charts of a scorer's scores: a histogram of numeric scores (two bars for 0/1 scores, tenths for
 * scores in [0, 1], ten equal bins otherwise), bars per category for categorical ones, and bars for the unscored
 * and failed rows. No script is needed to see them.
 */
final class Charts {
    private static final int WIDTH = 440;
    private static final int HEIGHT = 190;
    private static final int TOP = 18;
    private static final int BOTTOM = 40;
    private static final int LEFT = 8;
    private static final int MAX_CATEGORIES = 12;

    private Charts() {}

    /** A bar: its label, its count and its tone ({@code pass}, {@code fail}, {@code bin}, {@code muted}, {@code error}). */
    record Bar(String label, long count, String tone) {}

    /** The bars of one scorer's chart. */
    static List<Bar> bars(Tally.ScorerTally t) {
        List<Bar> bars = new ArrayList<>();
        if (t.numeric > 0) {
            bars.addAll(numeric(Arrays.copyOf(t.values, t.numeric)));
        }
        if (!t.categories.isEmpty()) {
            List<Map.Entry<String, Long>> sorted = new ArrayList<>(t.categories.entrySet());
            sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()));
            long other = 0;
            for (int i = 0; i < sorted.size(); i++) {
                if (i < MAX_CATEGORIES) {
                    bars.add(new Bar(sorted.get(i).getKey(), sorted.get(i).getValue(), "bin"));
                } else {
                    other += sorted.get(i).getValue();
                }
            }
            if (other > 0) {
                bars.add(new Bar("other", other, "bin"));
            }
        }
        if (t.unscored > 0) {
            bars.add(new Bar("unscored", t.unscored, "muted"));
        }
        if (t.errors > 0) {
            bars.add(new Bar("error", t.errors, "error"));
        }
        return bars;
    }

    private static List<Bar> numeric(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean zeroOne = true;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            zeroOne &= v == 0.0 || v == 1.0;
        }
        List<Bar> bars = new ArrayList<>();
        if (zeroOne) {
            long ones = Arrays.stream(values).filter(v -> v == 1.0).count();
            bars.add(new Bar("0", values.length - ones, "fail"));
            bars.add(new Bar("1", ones, "pass"));
            return bars;
        }
        double lo = min >= 0 && max <= 1 ? 0 : min;
        double hi = min >= 0 && max <= 1 ? 1 : max;
        int bins = hi > lo ? 10 : 1;
        long[] counts = new long[bins];
        for (double v : values) {
            int b = hi > lo ? (int) Math.floor((v - lo) / (hi - lo) * bins) : 0;
            counts[Math.max(0, Math.min(bins - 1, b))]++;
        }
        for (int b = 0; b < bins; b++) {
            double from = lo + (hi - lo) * b / bins;
            double to = lo + (hi - lo) * (b + 1) / bins;
            String label = bins == 1 ? SampleView.number(lo) : SampleView.number(from) + "–" + SampleView.number(to);
            bars.add(new Bar(label, counts[b], "bin"));
        }
        return bars;
    }

    /** The SVG of a bar chart, described for screen readers by {@code title}. */
    static String svg(String title, List<Bar> bars) {
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(title))
                .append("\">");
        long max = bars.stream().mapToLong(Bar::count).max().orElse(0);
        int n = Math.max(1, bars.size());
        double slot = (WIDTH - 2.0 * LEFT) / n;
        double width = Math.max(2, slot * 0.78);
        double plot = HEIGHT - TOP - BOTTOM;
        s.append("<line class=\"axis\" x1=\"")
                .append(LEFT)
                .append("\" x2=\"")
                .append(WIDTH - LEFT)
                .append("\" y1=\"")
                .append(HEIGHT - BOTTOM)
                .append("\" y2=\"")
                .append(HEIGHT - BOTTOM)
                .append("\"/>");
        boolean slanted = bars.size() > 6;
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double h = max == 0 ? 0 : plot * b.count() / max;
            double x = LEFT + slot * i + (slot - width) / 2;
            double y = HEIGHT - BOTTOM - h;
            double center = x + width / 2;
            s.append("<g><title>")
                    .append(Html.escape(b.label() + ": " + b.count()))
                    .append("</title>")
                    .append(String.format(
                            Locale.ROOT,
                            "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                            b.tone(),
                            x,
                            y,
                            width,
                            h))
                    .append(String.format(Locale.ROOT, "<text class=\"count\" x=\"%.1f\" y=\"%.1f\">", center, y - 4))
                    .append(b.count())
                    .append("</text>");
            String label = b.label().length() > 14 ? b.label().substring(0, 13) + "…" : b.label();
            if (slanted) {
                s.append(String.format(
                        Locale.ROOT,
                        "<text class=\"label slanted\" transform=\"translate(%.1f %d) rotate(-35)\">",
                        center,
                        HEIGHT - BOTTOM + 12));
            } else {
                s.append(String.format(
                        Locale.ROOT, "<text class=\"label\" x=\"%.1f\" y=\"%d\">", center, HEIGHT - BOTTOM + 15));
            }
            s.append(Html.escape(label)).append("</text></g>");
        }
        return s.append("</svg>").toString();
    }
}
