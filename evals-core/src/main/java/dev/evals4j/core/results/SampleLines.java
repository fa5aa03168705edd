package dev.evals4j.core.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evals4j.api.Message;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link SampleRecord} as its {@code samples.jsonl} line with {@link JsonLine}: the same bytes as the
 * data-bound writer (a test compares them), without its per-property reflection or Jackson's generator, since a run
 * writes one line per sample, a million for a million rows.
 */
final class SampleLines {
    private SampleLines() {}

    // the names of every line, written as bytes made once
    private static final JsonLine.Name INDEX = new JsonLine.Name("index");
    private static final JsonLine.Name ROW = new JsonLine.Name("row");
    private static final JsonLine.Name GENERATED_ANSWER = new JsonLine.Name("generated_answer");
    private static final JsonLine.Name EXPECTED_ANSWER = new JsonLine.Name("expected_answer");
    private static final JsonLine.Name SCORES = new JsonLine.Name("scores");
    private static final JsonLine.Name SCORE = new JsonLine.Name("score");
    private static final JsonLine.Name ERROR = new JsonLine.Name("error");

    /** Writes the line of {@code s} into {@code g}, after what it holds. */
    static void write(SampleRecord s, JsonLine g) {
        g.writeStartObject();
        g.writeNumberField(INDEX, s.index());
        if (s.epoch() != null) {
            g.writeNumberField("epoch", s.epoch());
        }
        g.writeFieldName(ROW);
        value(g, s.row());
        if (s.request() != null) {
            g.writeFieldName("request");
            prompt(g, s.request());
        }
        if (s.generation() != null) {
            g.writeFieldName("generation");
            generation(g, s.generation());
        }
        g.writeFieldName(GENERATED_ANSWER);
        value(g, s.generatedAnswer());
        g.writeFieldName(EXPECTED_ANSWER);
        value(g, s.expectedAnswer());
        g.writeFieldName(SCORES);
        g.writeStartObject();
        s.scores().forEach((id, row) -> {
            g.writeFieldName(id);
            scoreRow(g, row);
        });
        g.writeEndObject();
        g.writeFieldName(ERROR);
        error(g, s.error());
        g.writeEndObject();
    }

    private static void prompt(JsonLine g, SampleRecord.Prompt p) {
        g.writeStartObject();
        if (p.messages() != null) {
            g.writeFieldName("messages");
            g.writeStartArray();
            for (Message m : p.messages()) {
                g.writeStartObject();
                g.writeStringField("role", m.role());
                g.writeStringField("content", m.content());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (p.prompt() != null) {
            g.writeStringField("prompt", p.prompt());
        }
        if (p.context() != null) {
            g.writeStringField("context", p.context());
        }
        if (p.continuations() != null) {
            g.writeFieldName("continuations");
            g.writeStartArray();
            for (String c : p.continuations()) {
                g.writeString(c);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void generation(JsonLine g, SampleRecord.Generation r) {
        g.writeStartObject();
        g.writeStringField("text", r.text());
        if (r.additionalTexts() != null) {
            g.writeFieldName("additional_texts");
            g.writeStartArray();
            for (String t : r.additionalTexts()) {
                g.writeString(t);
            }
            g.writeEndArray();
        }
        if (r.finishReason() != null) {
            g.writeStringField("finish_reason", r.finishReason());
        }
        if (r.usage() != null) {
            g.writeFieldName("usage");
            usage(g, r.usage());
        }
        if (r.loglikelihoods() != null) {
            g.writeFieldName("loglikelihoods");
            g.writeStartArray();
            for (SampleRecord.LoglikelihoodRecord l : r.loglikelihoods()) {
                g.writeStartObject();
                g.writeNumberField("logprob", l.logprob());
                g.writeNumberField("tokens", l.tokens());
                if (l.greedy() != null) {
                    g.writeBooleanField("greedy", l.greedy());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void usage(JsonLine g, UsageRecord u) {
        g.writeStartObject();
        g.writeNumberField("prompt_tokens", u.promptTokens());
        g.writeNumberField("completion_tokens", u.completionTokens());
        if (u.totalTokens() != null) {
            g.writeNumberField("total_tokens", u.totalTokens());
        }
        g.writeEndObject();
    }

    private static void error(JsonLine g, @Nullable ErrorRecord e) {
        if (e == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("type", e.type());
        g.writeStringField("message", e.message());
        g.writeEndObject();
    }

    /** As {@link ScoreRow.Writer}: score, unscored, the details, judge_usage, error. */
    private static void scoreRow(JsonLine g, ScoreRow row) {
        g.writeStartObject();
        g.writeFieldName(SCORE);
        value(g, row.score());
        if (row.unscored() != null) {
            g.writeStringField("unscored", row.unscored());
        }
        for (Map.Entry<String, Object> e : row.details().entrySet()) {
            g.writeFieldName(e.getKey());
            value(g, e.getValue());
        }
        if (row.judgeUsage() != null) {
            g.writeFieldName(dev.evals4j.api.ScoreResult.JUDGE_USAGE);
            usage(g, row.judgeUsage());
        }
        if (row.error() != null) {
            g.writeFieldName(ERROR);
            error(g, row.error());
        }
        g.writeEndObject();
    }

    /** A JSON value as the rows and details hold them; anything else is written as the data-bound writer would. */
    private static void value(JsonLine g, @Nullable Object v) {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            map.forEach((key, x) -> {
                g.writeFieldName(String.valueOf(key));
                value(g, x);
            });
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                value(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof Short s) {
            g.writeNumber(s);
        } else if (v instanceof Byte b) {
            g.writeNumber(b);
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else {
            // not a JSON value of a row: as the data-bound writer does
            try {
                g.writeRaw(RunFiles.mapper().writeValueAsBytes(v));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
