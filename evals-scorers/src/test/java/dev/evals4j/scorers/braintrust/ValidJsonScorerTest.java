package dev.evals4j.scorers.braintrust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.testkit.ScorerContractTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidJsonScorerTest extends ScorerContractTest {
    private final ValidJsonScorer scorer = new ValidJsonScorer();

    @Override
    protected BaseScorer scorer() {
        return new ValidJsonScorer();
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("schema", Map.of("type", "object", "required", java.util.List.of("a")));
    }

    private BaseScorer withSchema(Object schema) {
        return scorer.configure(Params.resolve(scorer.id(), scorer.parameters(), Map.of("schema", schema)));
    }

    @Test
    void aSchemaGivenAsJsonTextWorksAsAnObject() {
        BaseScorer configured = withSchema("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");
        assertThat(configured.score(ScorerInputSample.of("{\"a\":\"x\"}", null)).numeric())
                .hasValue(1.0);
        assertThat(configured.score(ScorerInputSample.of("{\"a\":1}", null)).numeric())
                .hasValue(0.0);
    }

    @Test
    void anUnsupportedKeywordIsRejectedWithTheSupportedList() {
        assertThatThrownBy(() -> withSchema(Map.of("$ref", "#/definitions/x")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "parameter 'schema' of braintrust::valid-json: unsupported JSON Schema keyword '$ref' at #; "
                                + "supported: additionalProperties, allOf, anyOf, const, enum, exclusiveMaximum, "
                                + "exclusiveMinimum, items, maxItems, maxLength, maxProperties, maximum, minItems, minLength, "
                                + "minProperties, minimum, not, oneOf, pattern, properties, required, type, uniqueItems");
    }

    @Test
    void aSchemaThatIsNotJsonIsRejected() {
        assertThatThrownBy(() -> withSchema("{type: object}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("parameter 'schema' of braintrust::valid-json is not valid JSON: ");
    }

    @Test
    void onlyTheGeneratedAnswerIsRequired() {
        assertThat(scorer.requiredColumns()).containsExactly("generated_answer");
    }
}
