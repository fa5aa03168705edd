package dev.evals4j.core.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which code points CPython's {@code re} treats as equal under {@code IGNORECASE}: for a Unicode pattern, a
 * character matches a cased literal {@code c} when its lower case is {@code c}'s lower case or one of the few
 * that {@code re._casefix} declares equivalent (ı and i, ſ and s, ς and σ, …); for an ASCII pattern, only A–Z and
 * a–z fold. CPython lowers with the simple Unicode mapping, which is {@link Character#toLowerCase(int)}; java's
 * own case-insensitive matching compares upper cases too, and so disagrees on those few characters, which is why
 * PythonRegex writes out case-insensitive characters as explicit classes instead of using it.
 */
final class CaseFolding {
    private CaseFolding() {}

    /** {@code re._casefix._EXTRA_CASES} of CPython 3.11: lower-case letters with the same upper case. */
    private static final int[][] EQUIVALENCES = {
        {0x69, 0x131},
        {0x73, 0x17F},
        {0xB5, 0x3BC},
        {0x345, 0x3B9, 0x1FBE},
        {0x390, 0x1FD3},
        {0x3B0, 0x1FE3},
        {0x3B2, 0x3D0},
        {0x3B5, 0x3F5},
        {0x3B8, 0x3D1},
        {0x3BA, 0x3F0},
        {0x3C0, 0x3D6},
        {0x3C1, 0x3F1},
        {0x3C2, 0x3C3},
        {0x3C6, 0x3D5},
        {0x432, 0x1C80},
        {0x434, 0x1C81},
        {0x43E, 0x1C82},
        {0x441, 0x1C83},
        {0x442, 0x1C84, 0x1C85},
        {0x44A, 0x1C86},
        {0x463, 0x1C87},
        {0x1C88, 0xA64B},
        {0x1E61, 0x1E9B},
        {0xFB05, 0xFB06}
    };

    /** The tables, built on first use: a scan of every code point, a few milliseconds. */
    private static final class Tables {
        /** For each code point that folds with another, all the code points it matches, sorted. */
        static final Map<Integer, int[]> CLASSES = new HashMap<>();
        /** Every code point of {@link #CLASSES}, sorted: the only ones a set can gain under IGNORECASE. */
        static final int[] FOLDING;
        /** The code points CPython calls cased ({@code _sre.unicode_iscased}), sorted. */
        static final int[] CASED;
        /** {@link #FOLDING} and {@link #CASED}: outside them, IGNORECASE changes nothing. */
        static final int[] AFFECTED;
        /** For each lower case l, the other code points whose lower case is l. */
        static final Map<Integer, int[]> LOWERS_TO = new HashMap<>();
        /** The {@link #EQUIVALENCES} group of each of its members. */
        static final Map<Integer, int[]> EQUIVALENT = new HashMap<>();

        static {
            // for each lower case l, the other code points whose lower case is l
            Map<Integer, List<Integer>> lowersTo = new HashMap<>();
            List<Integer> cased = new ArrayList<>();
            for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
                int lower = Character.toLowerCase(cp);
                if (lower != cp) {
                    lowersTo.computeIfAbsent(lower, k -> new ArrayList<>()).add(cp);
                }
                if (lower != cp || upper(cp) != cp) {
                    cased.add(cp);
                }
            }
            for (Map.Entry<Integer, List<Integer>> e : lowersTo.entrySet()) {
                LOWERS_TO.put(
                        e.getKey(),
                        e.getValue().stream().mapToInt(Integer::intValue).toArray());
            }
            TreeSet<Integer> lowers = new TreeSet<>(lowersTo.keySet());
            for (int[] group : EQUIVALENCES) {
                for (int cp : group) {
                    EQUIVALENT.put(cp, group);
                    lowers.add(cp);
                }
            }
            TreeSet<Integer> folding = new TreeSet<>();
            for (int lower : lowers) {
                if (CLASSES.containsKey(lower)) {
                    continue;
                }
                // every code point whose lower case is lower, or equivalent to it
                TreeSet<Integer> members = new TreeSet<>();
                for (int e : EQUIVALENT.getOrDefault(lower, new int[] {lower})) {
                    members.addAll(lowersTo.getOrDefault(e, List.of()));
                    if (Character.toLowerCase(e) == e) {
                        members.add(e);
                    }
                }
                if (members.size() > 1) {
                    int[] sorted = members.stream().mapToInt(Integer::intValue).toArray();
                    for (int cp : sorted) {
                        CLASSES.put(cp, sorted);
                    }
                    folding.addAll(members);
                }
            }
            FOLDING = folding.stream().mapToInt(Integer::intValue).toArray();
            CASED = cased.stream().mapToInt(Integer::intValue).toArray();
            folding.addAll(cased);
            AFFECTED = folding.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** CPython's upper case of a code point: the first code point of the full mapping ({@code ß → S}). */
    static int upper(int cp) {
        int simple = Character.toUpperCase(cp);
        if (simple != cp) {
            return simple;
        }
        int type = Character.getType(cp);
        if (type != Character.LOWERCASE_LETTER && type != Character.TITLECASE_LETTER) {
            // only letters have a full mapping (SpecialCasing.txt) where the simple one is themselves
            return cp;
        }
        String full = Character.toString(cp).toUpperCase(Locale.ROOT);
        return full.codePointAt(0);
    }

    /** {@code _sre.unicode_iscased}, or its ASCII form. */
    static boolean isCased(int cp, boolean ascii) {
        if (ascii) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
        }
        return Arrays.binarySearch(Tables.CASED, cp) >= 0;
    }

    /** Whether a cased code point lies in [lo, hi]. */
    static boolean anyCased(int lo, int hi, boolean ascii) {
        if (ascii) {
            return (lo <= 'z' && hi >= 'a') || (lo <= 'Z' && hi >= 'A');
        }
        int at = Arrays.binarySearch(Tables.CASED, lo);
        int next = at >= 0 ? at : -at - 1;
        return next < Tables.CASED.length && Tables.CASED[next] <= hi;
    }

    /** The code points that a literal {@code cp} matches under IGNORECASE, itself included, sorted. */
    static int[] matching(int cp, boolean ascii) {
        return isCased(cp, ascii) ? classOf(cp, ascii) : new int[] {cp};
    }

    /**
     * The code points whose lower case is {@code cp}'s or equivalent to it, {@code cp} included, sorted: those
     * that a set holding {@code cp} matches under IGNORECASE (CPython adds every member's lower case to the set).
     */
    static int[] classOf(int cp, boolean ascii) {
        if (ascii) {
            if (cp >= 'a' && cp <= 'z') {
                return new int[] {cp - 32, cp};
            }
            if (cp >= 'A' && cp <= 'Z') {
                return new int[] {cp, cp + 32};
            }
            return new int[] {cp};
        }
        int[] members = Tables.CLASSES.get(cp);
        return members == null ? new int[] {cp} : members;
    }

    /** The code points whose membership in a set IGNORECASE may change, sorted. */
    static int[] affected() {
        return Tables.AFFECTED;
    }

    /** {@code _sre.unicode_tolower}, or {@code _sre.ascii_tolower}. */
    static int lower(int cp, boolean ascii) {
        if (ascii) {
            return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
        }
        return Character.toLowerCase(cp);
    }

    /** The {@code _casefix} equivalents of a lower-case code point, itself included, or none. */
    static int[] equivalents(int lower) {
        return Tables.EQUIVALENT.getOrDefault(lower, new int[0]);
    }
}
