package dev.evals4j.core.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The known names nearest to a mistyped one, for messages such as "unknown scorer id 'basic::equalty'; did you mean
 * basic::equality?". A name is near when it differs by a few edits (ignoring case), when the part after
 * {@code ::} matches ({@code equality} for {@code basic::equality}), or when it starts with or contains what was
 * typed ({@code openai} for {@code openai-compatible}).
 */
public final class Suggestions {
    /** At most this many names are suggested. */
    static final int MAX = 3;

    private Suggestions() {}

    /**
     * The known names nearest to {@code given}, nearest first; empty when none is near enough or {@code given} is
     * itself known.
     */
    public static List<String> nearest(String given, Collection<String> known) {
        String typed = given.strip().toLowerCase(Locale.ROOT);
        if (typed.isEmpty() || known.contains(given)) {
            return List.of();
        }
        // a few edits, and never as many as there are characters typed ("a" is not a typo of "b")
        int bound = Math.min(Math.min(3, typed.length() / 4 + 1), typed.length() - 1);
        int best = Integer.MAX_VALUE;
        List<String> nearest = new ArrayList<>();
        for (String name : known) {
            int d = distance(typed, name.toLowerCase(Locale.ROOT));
            int colons = name.lastIndexOf("::");
            if (colons >= 0 && !typed.contains("::")) {
                d = Math.min(d, distance(typed, name.substring(colons + 2).toLowerCase(Locale.ROOT)));
            }
            if (d > bound || d > best) {
                continue;
            }
            if (d < best) {
                best = d;
                nearest.clear();
            }
            nearest.add(name);
        }
        if (nearest.isEmpty() && typed.length() >= 3) {
            for (String name : known) {
                if (name.toLowerCase(Locale.ROOT).contains(typed)) {
                    nearest.add(name);
                }
            }
            nearest.sort(Comparator.comparing(
                            (String n) -> !n.toLowerCase(Locale.ROOT).startsWith(typed))
                    .thenComparingInt(String::length));
        }
        return List.copyOf(nearest.subList(0, Math.min(MAX, nearest.size())));
    }

    /** {@code "did you mean a?"}, {@code "did you mean a or b?"}; empty when no known name is near. */
    public static Optional<String> didYouMean(String given, Collection<String> known) {
        return didYouMean(nearest(given, known));
    }

    /** {@code "did you mean a, b or c?"} for names already chosen (by {@link #nearest}); empty for none. */
    public static Optional<String> didYouMean(List<String> nearest) {
        if (nearest.isEmpty()) {
            return Optional.empty();
        }
        String last = nearest.get(nearest.size() - 1);
        String names =
                nearest.size() == 1 ? last : String.join(", ", nearest.subList(0, nearest.size() - 1)) + " or " + last;
        return Optional.of("did you mean " + names + "?");
    }

    /** The optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
