package dev.evals4j.scorers.braintrust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import dev.evals4j.scorers.TestData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The braintrust::* scorers give autoevals 0.3.0's scores on its recorded outputs, to 1e-9; valid-json with a schema
 * gives the verdicts of Python's jsonschema, which autoevals' Python ValidJSON validates with.
 */
class AutoevalsParityTest {
    /**
     * Rows of validjson_python_jsonschema.jsonl where evals4j gives another score on purpose: the row id, and the
     * score evals4j gives.
     */
    private static final Map<String, Double> KNOWN_DIFFERENCES = Map.of(
            // Python divides the floats (0.07 / 0.01 is 7.000000000000001, not whole); the library uses decimals
            "multiple-of-fraction", 1.0,
            // the output is parsed with JSON.parse's rules, as for every braintrust:: scorer; json.loads takes NaN
            "nan-not-json", 0.0);

    @ParameterizedTest
    @ValueSource(strings = {"autoevals/oracle_public.jsonl", "autoevals/oracle_generated.jsonl"})
    void everyOracleRowScoresTheSame(String resource) {
        List<Map<String, Object>> rows = TestData.jsonl(resource);
        int matched = 0;
        for (Map<String, Object> row : rows) {
            BaseScorer scorer = scorerFor(row);
            ScoreResult result = scorer.score(ScorerInputSample.of(row.get("output"), row.get("expected")));
            double expected = ((Number) row.get("score")).doubleValue();
            assertThat(result.numeric())
                    .as("row %s (%s): %s", row.get("id"), row.get("scorer"), row.get("note"))
                    .isPresent();
            assertThat(result.numeric().getAsDouble())
                    .as("row %s (%s): %s", row.get("id"), row.get("scorer"), row.get("note"))
                    .isCloseTo(expected, within(1e-9));
            matched++;
        }
        assertThat(matched).isEqualTo(rows.size()).isGreaterThan(30);
    }

    @Test
    void validJsonWithASchemaGivesPythonJsonschemasVerdicts() {
        List<Map<String, Object>> rows = TestData.jsonl("autoevals/validjson_python_jsonschema.jsonl");
        ValidJsonScorer scorer = new ValidJsonScorer();
        int differences = 0;
        for (Map<String, Object> row : rows) {
            String id = (String) row.get("id");
            Map<String, Object> given = new LinkedHashMap<>();
            given.put("schema", row.get("schema"));
            if (row.containsKey("schema_error")) {
                assertThatThrownBy(() -> scorer.configure(Params.resolve(scorer.id(), scorer.parameters(), given)))
                        .as("row %s: Python refuses the schema (%s)", id, row.get("schema_error"))
                        .isInstanceOf(ConfigurationException.class);
                continue;
            }
            BaseScorer configured = scorer.configure(Params.resolve(scorer.id(), scorer.parameters(), given));
            double python = ((Number) row.get("score")).doubleValue();
            double expected = KNOWN_DIFFERENCES.getOrDefault(id, python);
            if (expected != python) {
                differences++;
            }
            assertThat(configured
                            .score(ScorerInputSample.of(row.get("output"), null))
                            .numeric())
                    .as("row %s", id)
                    .hasValue(expected);
        }
        assertThat(rows).hasSizeGreaterThan(40);
        assertThat(differences).as("known differences still present").isEqualTo(KNOWN_DIFFERENCES.size());
    }

    @SuppressWarnings("unchecked")
    private static BaseScorer scorerFor(Map<String, Object> row) {
        BaseScorer scorer =
                switch ((String) row.get("scorer")) {
                    case "ExactMatch" -> new ExactMatchScorer();
                    case "Levenshtein" -> new LevenshteinScorer();
                    case "NumericDiff" -> new NumericDiffScorer();
                    case "JSONDiff" -> new JsonDiffScorer();
                    case "ListContains" -> new ListContainsScorer();
                    case "ValidJSON" -> new ValidJsonScorer();
                    default -> throw new IllegalArgumentException("unknown scorer " + row.get("scorer"));
                };
        Map<String, Object> given = new LinkedHashMap<>();
        if (row.get("allowExtraEntities") != null) {
            given.put("allow_extra_entities", row.get("allowExtraEntities"));
        }
        Map<String, Object> args = (Map<String, Object>) row.get("args");
        if (args != null && args.containsKey("schema")) {
            given.put("schema", args.get("schema"));
        }
        if (args != null && args.containsKey("allowExtraEntities")) {
            given.put("allow_extra_entities", args.get("allowExtraEntities"));
        }
        if (args != null && args.containsKey("preserveStrings")) {
            given.put("preserve_strings", args.get("preserveStrings"));
        }
        return scorer.configure(Params.resolve(scorer.id(), scorer.parameters(), given));
    }
}
