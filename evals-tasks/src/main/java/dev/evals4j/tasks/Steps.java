package dev.evals4j.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Filter steps in lm-evaluation-harness's shape, as the tasks' scorers take them. */
final class Steps {
    private Steps() {}

    static Map<String, Object> step(String function, Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("function", function);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** {@code regex} with the first match. */
    static Map<String, Object> regex(String pattern) {
        return step("regex", "regex_pattern", pattern);
    }

    /** {@code regex} with the match at {@code group} (Python index: -1 the last). */
    static Map<String, Object> regex(String pattern, int group) {
        return step("regex", "regex_pattern", pattern, "group_select", group);
    }

    static Map<String, Object> takeFirst() {
        return step("take_first");
    }

    static Map<String, Object> replace(String old, String replacement) {
        return step("replace", "old", old, "new", replacement);
    }

    static Map<String, Object> strip() {
        return step("strip");
    }

    /** {@code first_of} over chains of steps. */
    static Map<String, Object> firstOf(List<?>... chains) {
        List<Object> all = new ArrayList<>(List.of(chains));
        return step("first_of", "chains", all);
    }
}
