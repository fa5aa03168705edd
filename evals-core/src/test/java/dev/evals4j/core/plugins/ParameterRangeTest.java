package dev.evals4j.core.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A numeric parameter's declared range: checked when a plugin is configured, described in words. */
class ParameterRangeTest {
    private static final List<Parameter> ACCEPTED = List.of(
            Parameter.withDefault("strictness", ParamType.INTEGER, "questions to write", 3)
                    .range(1, 10),
            Parameter.optional("temperature", ParamType.NUMBER, "sampling temperature")
                    .atLeast(0),
            Parameter.optional("seed", ParamType.INTEGER, "a seed"));

    @Test
    void aValueOutOfItsRangeIsRefusedNamingTheRange() {
        assertThatThrownBy(() -> Params.resolve("test::judge", ACCEPTED, Map.of("strictness", 0)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'strictness' of test::judge must be from 1 to 10, was 0");
        assertThatThrownBy(() -> Params.resolve("test::judge", ACCEPTED, Map.of("temperature", -0.5)))
                .hasMessage("parameter 'temperature' of test::judge must be at least 0, was -0.5");
        assertThatThrownBy(() -> Params.resolve("test::judge", ACCEPTED, Map.of("temperature", Double.NaN)))
                .hasMessageStartingWith("parameter 'temperature' of test::judge must be at least 0, was ");
    }

    @Test
    void valuesInTheRangeAndParametersWithoutOneAreAccepted() {
        Params params = Params.resolve("test::judge", ACCEPTED, Map.of("strictness", 10, "temperature", 0, "seed", -7));

        assertThat(params.integer("strictness", 0)).isEqualTo(10);
        assertThat(params.integer("seed", 0)).isEqualTo(-7);
    }

    @Test
    void describesTheRangeInWords() {
        assertThat(new Parameter.Range(1, 10).describe()).isEqualTo("from 1 to 10");
        assertThat(new Parameter.Range(0.001, 86_400).describe()).isEqualTo("from 0.001 to 86400");
        assertThat(new Parameter.Range(0, Double.POSITIVE_INFINITY).describe()).isEqualTo("at least 0");
        assertThat(new Parameter.Range(Double.NEGATIVE_INFINITY, 5).describe()).isEqualTo("at most 5");
    }

    @Test
    void onlyNumbersHaveARangeAndADefaultMustBeInIt() {
        assertThatThrownBy(() ->
                        Parameter.optional("name", ParamType.STRING, "a name").atLeast(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter 'name' is a string: only numbers have a range");
        assertThatThrownBy(() ->
                        Parameter.withDefault("n", ParamType.INTEGER, "n", 0).range(1, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("default of parameter 'n' must be from 1 to 5, was 0");
        assertThatThrownBy(() -> new Parameter.Range(2, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
