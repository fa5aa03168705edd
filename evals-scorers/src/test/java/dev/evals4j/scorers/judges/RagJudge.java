package dev.evals4j.scorers.judges;

import dev.evals4j.api.JsonValues;
import dev.evals4j.api.ScorerInputSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A literal-minded judge for the RAG-family prompts: it answers each prompt shape by comparing texts. */
final class RagJudge {
    private RagJudge() {}

    static String answer(String prompt) {
        if (prompt.contains("\"TP\"")) {
            List<String> answer = items(FakeModels.between(prompt, "[Answer]", "[Ground truth]"));
            List<String> truth = items(FakeModels.between(prompt, "[Ground truth]", "Reply with only"));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("TP", answer.stream().filter(truth::contains).toList());
            out.put("FP", answer.stream().filter(a -> !truth.contains(a)).toList());
            out.put("FN", truth.stream().filter(t -> !answer.contains(t)).toList());
            return JsonValues.toJson(out);
        }
        if (prompt.contains("different questions that it answers")) {
            String answer = FakeModels.between(prompt, "[Answer]", "[Context the answer");
            return JsonValues.toJson(Map.of(
                    "questions",
                    List.of("What is " + answer + "?", "Which is " + answer + "?"),
                    "noncommittal",
                    answer.contains("don't know") ? 1 : 0));
        }
        if (prompt.startsWith("Break the answer")) {
            return JsonValues.toJson(
                    Map.of("statements", sentences(FakeModels.between(prompt, "[Answer]", "Reply with only"))));
        }
        if (prompt.contains("[Statements]")) {
            String context = lower(FakeModels.between(prompt, "[Context]", "[Statements]"));
            List<Object> verdicts = new ArrayList<>();
            for (String line : FakeModels.between(prompt, "[Statements]", "Reply with only")
                    .split("\n")) {
                String statement = line.replaceFirst("^\\d+\\. ", "");
                verdicts.add(Map.of(
                        "statement",
                        statement,
                        "reason",
                        "literal",
                        "verdict",
                        context.contains(lower(statement)) ? 1 : 0));
            }
            return JsonValues.toJson(Map.of("verdicts", verdicts));
        }
        if (prompt.startsWith("Split the reference answer")) {
            String context = lower(FakeModels.between(prompt, "[Context]", "[Reference answer]"));
            List<Object> statements = new ArrayList<>();
            for (String s : sentences(FakeModels.between(prompt, "[Reference answer]", "Reply with only"))) {
                statements.add(Map.of("statement", s, "reason", "literal", "attributed", context.contains(lower(s))));
            }
            return JsonValues.toJson(Map.of("statements", statements));
        }
        if (prompt.contains("[Passages]")) {
            String reference = lower(FakeModels.between(prompt, "[Reference answer]", "[Passages]"));
            List<Object> verdicts = new ArrayList<>();
            int n = 0;
            for (String line :
                    FakeModels.between(prompt, "[Passages]", "Reply with only").split("\n")) {
                verdicts.add(Map.of("passage", ++n, "verdict", lower(line).contains(reference) ? "1" : "0"));
            }
            return JsonValues.toJson(Map.of("verdicts", verdicts));
        }
        if (prompt.startsWith("Copy from the context")) {
            String question = lower(FakeModels.between(prompt, "[Question]", "[Context]"));
            List<String> relevant = new ArrayList<>();
            for (String s : sentences(FakeModels.between(prompt, "[Context]", "Reply with only"))) {
                for (String word : lower(s).split("\\W+")) {
                    if (word.length() >= 5 && question.contains(word)) {
                        relevant.add(s);
                        break;
                    }
                }
            }
            return JsonValues.toJson(Map.of("sentences", relevant));
        }
        throw new AssertionError("an unexpected prompt: " + prompt);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Comma-separated items, trimmed, without empty ones. */
    static List<String> items(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** Sentences ending in ". ", without the period. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split("\\.\\s+|\\.$")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** A sample with a question and a context, as RAG rows have them. */
    static ScorerInputSample rag(Object generated, Object expected, String question, Object context) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("input_query", question);
        row.put("context", context);
        return new ScorerInputSample(generated, expected, Optional.ofNullable(question), Optional.empty(), row);
    }

    /** Samples of the shapes the RAG judges see, including awkward ones. */
    static List<ScorerInputSample> samples() {
        String context = "France is in Western Europe. Its capital is Paris. The Louvre is in Paris.";
        return List.of(
                rag("Its capital is Paris", "Its capital is Paris", "What is the capital of France?", context),
                rag(
                        "Its capital is Lyon. France is in Western Europe",
                        "Its capital is Paris",
                        "What is the capital of France?",
                        context),
                rag("I don't know", "Paris", "What is the capital of France?", context),
                rag(
                        "Paris, Lyon",
                        "Paris, Marseille",
                        "Which cities are in France?",
                        List.of("Paris is a city in France.", "Bananas are yellow.", "Marseille is a port.")),
                rag("", "Paris", "What is the capital of France?", "[\"Paris is the capital.\", \"Rome is not.\"]"),
                rag("Paris", null, "What is the capital of France?", ""),
                rag("Paris", "Paris", null, context));
    }
}
