package dev.evals4j.core.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.ScoreResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One scorer's row in a line of {@code samples.jsonl}: {@code {"score": 1.0, …details}},
 * {@code {"score": "CORRECT", …}}, {@code {"score": null, "unscored": "reason", …}} or
 * {@code {"score": null, "error": {…}}}, with {@code "judge_usage"} when the scorer called a model.
 *
 * @param score a number (Double), a category (String), or null when unscored or failed
 * @param unscored why the sample could not be judged, else null
 * @param details the scorer's other fields, such as {@code judge_feedback} or {@code weight}
 * @param judgeUsage the tokens the scorer's model calls used, else null
 * @param error why the scorer failed on this sample, else null
 */
@JsonSerialize(using = ScoreRow.Writer.class)
@JsonDeserialize(using = ScoreRow.Reader.class)
public record ScoreRow(
        @Nullable Object score,
        @Nullable String unscored,
        Map<String, Object> details,
        @Nullable UsageRecord judgeUsage,
        @Nullable ErrorRecord error) {
    public ScoreRow {
        if (score != null && !(score instanceof Double) && !(score instanceof String)) {
            score = score instanceof Number n ? (Object) n.doubleValue() : score.toString();
        }
        details = details == null ? Map.of() : JsonValues.copyRow(details);
    }

    /** The row of a score. */
    public static ScoreRow of(ScoreResult result) {
        return new ScoreRow(
                result.scoreValue(),
                result instanceof ScoreResult.Unscored u ? u.reason() : null,
                result.details(),
                result.judgeUsage().map(UsageRecord::of).orElse(null),
                null);
    }

    /** The row of a scorer that failed. */
    public static ScoreRow failure(Throwable e) {
        return new ScoreRow(null, null, Map.of(), null, ErrorRecord.of(e));
    }

    /** The score this row records; empty when the scorer failed. */
    public Optional<ScoreResult> result() {
        if (error != null) {
            return Optional.empty();
        }
        ScoreResult r;
        if (score instanceof Double d) {
            r = new ScoreResult.Numeric(d, details);
        } else if (score instanceof String s) {
            r = new ScoreResult.Categorical(s, details);
        } else {
            r = new ScoreResult.Unscored(unscored == null ? "unscored" : unscored, details);
        }
        return Optional.of(judgeUsage == null ? r : r.withJudgeUsage(judgeUsage.usage()));
    }

    /** Writes the row's fields in their order: score, unscored, details, judge_usage, error. */
    static final class Writer extends JsonSerializer<ScoreRow> {
        @Override
        public void serialize(ScoreRow row, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            g.writeFieldName("score");
            provider.defaultSerializeValue(row.score, g);
            if (row.unscored != null) {
                g.writeStringField("unscored", row.unscored);
            }
            for (Map.Entry<String, Object> e : row.details.entrySet()) {
                g.writeFieldName(e.getKey());
                provider.defaultSerializeValue(e.getValue(), g);
            }
            if (row.judgeUsage != null) {
                g.writeFieldName(ScoreResult.JUDGE_USAGE);
                provider.defaultSerializeValue(row.judgeUsage, g);
            }
            if (row.error != null) {
                g.writeFieldName("error");
                provider.defaultSerializeValue(row.error, g);
            }
            g.writeEndObject();
        }
    }

    /** Reads a row written by {@link Writer}; fields it does not know are details. */
    static final class Reader extends JsonDeserializer<ScoreRow> {
        @Override
        public ScoreRow deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return (ScoreRow) ctx.handleUnexpectedToken(ScoreRow.class, p);
            }
            Object score = null;
            String unscored = null;
            UsageRecord usage = null;
            ErrorRecord error = null;
            Map<String, Object> details = new LinkedHashMap<>();
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "score" -> score = t == JsonToken.VALUE_NULL
                            ? null
                            : t.isNumeric() ? (Object) p.getDoubleValue() : ctx.readValue(p, Object.class);
                    case "unscored" -> unscored = t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    case ScoreResult.JUDGE_USAGE -> usage = ctx.readValue(p, UsageRecord.class);
                    case "error" -> error = t == JsonToken.VALUE_NULL ? null : ctx.readValue(p, ErrorRecord.class);
                    default -> details.put(name, ctx.readValue(p, Object.class));
                }
            }
            return new ScoreRow(score, unscored, details, usage, error);
        }
    }
}
