package dev.evals4j.scorers.ifeval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java checkers against the reference implementation's own verdicts on GPT-4's responses to IFEval
 * (src/test/resources/ifeval, with PROVENANCE.txt): instruction by instruction, strict and loose.
 */
class IfevalFidelityTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static List<JsonNode> rows = new ArrayList<>();

    @BeforeAll
    static void read() throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(IfevalFidelityTest.class.getResourceAsStream(
                        "/ifeval/gpt4_20231107_reference_results.jsonl.gz")),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rows.add(JSON.readTree(line));
            }
        }
    }

    static ScorerInputSample sample(JsonNode row) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("prompt", row.get("prompt").asText());
        r.put("instruction_id_list", JSON.convertValue(row.get("instruction_id_list"), List.class));
        r.put("kwargs", JSON.convertValue(row.get("kwargs"), List.class));
        return new ScorerInputSample(
                row.get("response").asText(),
                null,
                Optional.of(row.get("prompt").asText()),
                Optional.empty(),
                r);
    }

    /** Per instruction id: [agreeing, total], and the disagreements listed. */
    static Map<String, int[]> agreement(IfevalScorer scorer, String field, List<String> disagreements) {
        Map<String, int[]> byId = new TreeMap<>();
        for (JsonNode row : rows) {
            ScoreResult s = scorer.score(sample(row));
            @SuppressWarnings("unchecked")
            List<Boolean> mine = (List<Boolean>) s.details().get("follow_instruction_list");
            for (int i = 0; i < mine.size(); i++) {
                String id = row.get("instruction_id_list").get(i).asText();
                boolean ref = row.get(field).get(i).asBoolean();
                int[] c = byId.computeIfAbsent(id, k -> new int[2]);
                c[1]++;
                if (mine.get(i) == ref) {
                    c[0]++;
                } else {
                    disagreements.add(row.get("key").asInt() + " " + id + " reference=" + ref);
                }
            }
        }
        return byId;
    }

    static int total(Map<String, int[]> byId, int index) {
        return byId.values().stream().mapToInt(c -> c[index]).sum();
    }

    /** Where langdetect reads a short or name-only English text as another language (its n-gram model). */
    static final List<String> LANGDETECT_ON_SHORT_TEXTS = List.of(
            "1843 change_case:english_lowercase reference=false",
            "202 change_case:english_lowercase reference=false",
            "2341 change_case:english_capital reference=false",
            "2571 change_case:english_capital reference=false",
            "3456 change_case:english_capital reference=false");

    @Test
    void strictVerdictsAgreeWithTheReferenceButForLangdetectOnShortTexts() {
        List<String> disagreements = new ArrayList<>();
        Map<String, int[]> byId = agreement(new IfevalScorer.InstructionStrict(), "follow_strict", disagreements);
        assertThat(total(byId, 1)).isEqualTo(832);
        assertThat(total(byId, 0)).isEqualTo(827);
        assertThat(disagreements).containsExactlyInAnyOrderElementsOf(LANGDETECT_ON_SHORT_TEXTS);
        // every word count, sentence count, keyword, format and paragraph verdict agrees
        byId.forEach((id, c) -> {
            if (!id.startsWith("change_case:english")) {
                assertThat(c[0]).as(id).isEqualTo(c[1]);
            }
        });
    }

    @Test
    void looseVerdictsAgreeButWhereTheReferenceDrawsARandomLetter() {
        List<String> disagreements = new ArrayList<>();
        Map<String, int[]> byId = agreement(new IfevalScorer.InstructionLoose(), "follow_loose", disagreements);
        assertThat(total(byId, 0)).isEqualTo(826);
        List<String> expected = new ArrayList<>(LANGDETECT_ON_SHORT_TEXTS);
        // letter '#' is not an ASCII letter: build_description draws a random one (strict drew one that passed)
        expected.add("1122 keywords:letter_frequency reference=false");
        assertThat(disagreements).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void promptAndInstructionLevelAccuracies() {
        double[] sums = new double[4];
        double weights = 0;
        List<IfevalScorer> scorers = List.of(
                new IfevalScorer.PromptStrict(),
                new IfevalScorer.PromptLoose(),
                new IfevalScorer.InstructionStrict(),
                new IfevalScorer.InstructionLoose());
        for (JsonNode row : rows) {
            for (int i = 0; i < 4; i++) {
                ScoreResult s = scorers.get(i).score(sample(row));
                double value = ((Number) s.scoreValue()).doubleValue();
                double weight = i < 2 ? 1 : ((Number) s.details().get("weight")).doubleValue();
                sums[i] += value * weight;
                if (i == 2) {
                    weights += weight;
                }
            }
        }
        // the reference: 417/540, 430/540, 697/832, 712/832; the five langdetect rows (and the random letter, loose)
        // differ
        assertThat(Math.round(sums[0])).isEqualTo(422);
        assertThat(Math.round(sums[1])).isEqualTo(436);
        assertThat(weights).isEqualTo(832);
        assertThat(Math.round(sums[2])).isEqualTo(702);
        assertThat(Math.round(sums[3])).isEqualTo(718);
    }
}
