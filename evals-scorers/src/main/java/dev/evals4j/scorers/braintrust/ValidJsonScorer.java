package dev.evals4j.scorers.braintrust;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.text.RegexBudgetExceededException;
import dev.evals4j.scorers.internal.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code braintrust::valid-json}: autoevals' ValidJSON. A string output is parsed as JSON (a value that is not a
 * string is taken as already parsed); without a schema the score is 1 for an object or an array and 0 otherwise
 * (a JSON scalar such as {@code 42} scores 0); with the {@code schema} parameter the score is 1 when the parsed
 * value is valid against it. The schema is a JSON Schema, given as an object or as JSON text, and validated as
 * Python's {@code jsonschema.validate} validates (see {@link CompiledSchema}): the draft named by {@code $schema},
 * else 2020-12, with {@code format} as an annotation. A schema that is not valid for its draft, or that refers to
 * anything outside itself, is refused when the scorer is configured; nothing is ever fetched.
 */
public final class ValidJsonScorer implements BaseScorer {
    public static final String ID = "braintrust::valid-json";

    private final Optional<CompiledSchema> schema;

    public ValidJsonScorer() {
        this(Optional.empty());
    }

    private ValidJsonScorer(Optional<CompiledSchema> schema) {
        this.schema = schema;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "autoevals ValidJSON: 1 when the output is a JSON object or array, or valid against a JSON Schema";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.optional(
                "schema",
                ParamType.JSON,
                "a JSON Schema (object, or JSON text) the parsed output must be valid against; draft 2020-12 unless"
                        + " $schema names another; $ref only inside the schema"));
    }

    @Override
    public BaseScorer configure(Params params) {
        if (!params.has("schema")) {
            return new ValidJsonScorer(Optional.empty());
        }
        Object given = params.get("schema").orElseThrow();
        Object schema = given;
        if (given instanceof String text) {
            schema = Json.parse(text);
            if (schema == Json.NOT_JSON) {
                throw new ConfigurationException(
                        "parameter 'schema' of " + ID + " is not valid JSON: " + Json.problem(text));
            }
        }
        try {
            return new ValidJsonScorer(Optional.of(CompiledSchema.compile(schema)));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("parameter 'schema' of " + ID + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> requiredColumns() {
        return Set.of(ScorerInputSample.GENERATED_ANSWER);
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        Object output = sample.generatedAnswer();
        Object parsed = output instanceof String s ? Json.parse(s) : output;
        if (parsed == Json.NOT_JSON) {
            return ScoreResult.correct(false);
        }
        if (schema.isEmpty()) {
            return ScoreResult.correct(parsed instanceof Map<?, ?> || parsed instanceof List<?>);
        }
        try {
            return ScoreResult.correct(schema.get().validates(parsed));
        } catch (CompiledSchema.SchemaProblemException | RegexBudgetExceededException e) {
            return ScoreResult.unscored(e.getMessage());
        }
    }
}
