package dev.evals4j.scorers.judges;

import dev.evals4j.api.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the lists that the statement-based judges (the RAGAS family) answer with. */
final class Statements {
    private Statements() {}

    /** One verdict of a judge about a statement or passage: 1 or 0, with what it was about and why. */
    record Verdict(String about, int value, String reason) {
        Map<String, Object> toJson(String aboutKey, String valueKey) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put(aboutKey, about);
            out.put(valueKey, value);
            out.put("reason", reason);
            return out;
        }
    }

    /** The strings listed under a key (or as a bare JSON array); blank ones are dropped. */
    static Parsed<List<String>> strings(String answer, String key) {
        if (answer.isBlank()) {
            return Parsed.failure("the judge's answer is empty");
        }
        Optional<List<Object>> list = JudgeText.list(answer, key);
        if (list.isEmpty()) {
            return Parsed.failure("the judge's answer holds no JSON list \"" + key + "\"");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list.get()) {
            String s = o instanceof String str
                    ? str
                    : o instanceof Map<?, ?> m && m.size() == 1
                            ? Inputs.text(m.values().iterator().next())
                            : Inputs.text(o);
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return Parsed.of(List.copyOf(out));
    }

    /**
     * The 0/1 verdicts listed under a key (or as a bare JSON array): objects with the verdict under
     * {@code valueKey} (the statement under {@code aboutKey}, the reason under {@code reason}), or bare values.
     *
     * @param expected how many verdicts there must be (one per statement or passage), or -1 for any number
     */
    static Parsed<List<Verdict>> verdicts(
            String answer, String key, String aboutKey, String valueKey, int expected, String what) {
        if (answer.isBlank()) {
            return Parsed.failure("the judge's answer is empty");
        }
        Optional<List<Object>> list = JudgeText.list(answer, key);
        if (list.isEmpty()) {
            return Parsed.failure("the judge's answer holds no JSON list \"" + key + "\"");
        }
        List<Verdict> out = new ArrayList<>();
        int i = 0;
        for (Object o : list.get()) {
            i++;
            Object value = o instanceof Map<?, ?> m ? field(m, valueKey) : o;
            Optional<Integer> v = JudgeText.binary(value);
            if (v.isEmpty()) {
                return Parsed.failure("verdict " + i + " of the judge's answer has no \"" + valueKey + "\" of 0 or 1: "
                        + JudgeText.shorten(JsonValues.toJson(o)));
            }
            String about = o instanceof Map<?, ?> m ? Inputs.text(field(m, aboutKey)) : "";
            String reason = o instanceof Map<?, ?> m ? Inputs.text(field(m, "reason")) : "";
            out.add(new Verdict(about, v.get(), reason));
        }
        if (expected >= 0 && out.size() != expected) {
            return Parsed.failure("the judge gave " + out.size() + " verdict" + (out.size() == 1 ? "" : "s") + " for "
                    + expected + " " + what);
        }
        return Parsed.of(List.copyOf(out));
    }

    private static Object field(Map<?, ?> map, String key) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (String.valueOf(e.getKey()).strip().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The sum of the verdicts. */
    static int ones(List<Verdict> verdicts) {
        int n = 0;
        for (Verdict v : verdicts) {
            n += v.value();
        }
        return n;
    }

    /** The verdicts as JSON for the score's details. */
    static List<Object> toJson(List<Verdict> verdicts, String aboutKey, String valueKey) {
        List<Object> out = new ArrayList<>();
        for (Verdict v : verdicts) {
            out.add(v.toJson(aboutKey, valueKey));
        }
        return out;
    }

    /** The numbered lines of a list, for prompts: {@code 1. first}. */
    static String numbered(List<String> items) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(i + 1).append(". ").append(items.get(i));
        }
        return sb.toString();
    }
}
