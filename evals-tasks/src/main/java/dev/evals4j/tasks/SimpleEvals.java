package dev.evals4j.tasks;

import static dev.evals4j.tasks.Steps.firstOf;
import static dev.evals4j.tasks.Steps.regex;
import static dev.evals4j.tasks.Steps.replace;
import static dev.evals4j.tasks.Steps.strip;

import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The facts of OpenAI's simple-evals that the {@code mmlu} and {@code gpqa_diamond} tasks follow ({@code common.py}
 * as of 2025-05): the zero-shot multiple-choice prompt, the answer regexes, the markup removed from a response before
 * the multilingual regexes are tried, and the localised letters mapped back to A-D.
 */
final class SimpleEvals {
    private SimpleEvals() {}

    /** The system message simple-evals' API samplers send. */
    static final String SYSTEM = "You are a helpful assistant.";

    /** The {@code system} parameter of the processors that ask as simple-evals does. */
    static final Parameter SYSTEM_PARAMETER =
            Parameter.withDefault("system", ParamType.STRING, "the system message; empty for none", SYSTEM);

    /** The value of {@link #SYSTEM_PARAMETER}. */
    static String system(Params params) {
        return params.string("system").orElse(SYSTEM);
    }

    /** {@code QUERY_TEMPLATE_MULTICHOICE}, with {Question}, {A} … {D} filled in by {@link #multichoice}. */
    static final String MULTICHOICE = "Answer the following multiple choice question. The last line of your response"
            + " should be of the following format: 'Answer: $LETTER' (without quotes) where LETTER is one of ABCD."
            + " Think step by step before answering.\n\n";

    /** {@code ANSWER_PATTERN_MULTICHOICE} since 2025-01 (GPQA): applied to the raw response. */
    static final String ANSWER_MULTICHOICE = "(?i)Answer[ \\t]*:[ \\t]*\\$?([A-D])\\$?";

    /** {@code MULTILINGUAL_ANSWER_PATTERN_TEMPLATE} since 2025-01-29 (spaces and tabs after the prefix, no line break). */
    static final String MULTILINGUAL_TEMPLATE =
            "(?i)%s[ \\t]*([A-D]|[\u0623-\u062F]|[\u0985]|[\u09AC]|[\u09A1]|[\u09A2]|[\uFF21]|[\uFF22]|[\uFF23]|[\uFF24])";

    /** {@code MULTILINGUAL_ANSWER_REGEXES}: the 42 ways "Answer:" is written, tried in this order. */
    static final List<String> MULTILINGUAL_PREFIXES = List.of(
            "Answer\\s*:",
            "Answer\\s*:\u200B\u200B\u200B\u200B\u200B\u200B",
            "\u0989\u09A4\u09CD\u09A4\u09B0\\s*:",
            "\u0909\u0924\u094D\u0924\u0930\\s*:",
            "\u0989\u09A4\u09CD\u09A4\u09B0\u0983",
            "\u0989\u09A4\u09CD\u09A4\u09B0\\s*:",
            "Antwort\\s*:",
            "\uB2F5\uBCC0\\s*:",
            "\uC815\uB2F5\\s*:",
            "\uB2F5\\s*:",
            "\u7B54\u6848\\s*\uFF1A",
            "\u7B54\u6848\\s*:",
            "\u7B54\\s*\uFF1A",
            "\u7B54\\s*:",
            "\u7B54\u590D\\s*\uFF1A",
            "\u7B54\u66F0\\s*\uFF1A",
            "\u0627\u0644\u0625\u062C\u0627\u0628\u0629:",
            "\u0627\u0644\u062C\u0648\u0627\u0628:",
            "\u0625\u062C\u0627\u0628\u0629:",
            "\u0627\u0644\u0625\u062C\u0627\u0628\u0629 \u0627\u0644\u0646\u0647\u0627\u0626\u064A\u0629:",
            "\u0627\u0644\u0625\u062C\u0627\u0628\u0629 \u0627\u0644\u0635\u062D\u064A\u062D\u0629:",
            "\u0627\u0644\u0625\u062C\u0627\u0628\u0629 \u0627\u0644\u0635\u062D\u064A\u062D\u0629 \u0647\u064A:",
            "\u0627\u0644\u0625\u062C\u0627\u0628\u0629 \u0647\u064A:",
            "\u0627\u0644\u062C\u0648\u0627\u0628 \u0627\u0644\u0646\u0647\u0627\u0626\u064A:",
            "Respuesta\\s*:",
            "Risposta\\s*:",
            "\u7B54\u3048\\s*:",
            "\u7B54\u3048\\s*\uFF1A",
            "\u56DE\u7B54\\s*:",
            "\u56DE\u7B54\\s*\uFF1A",
            "\u89E3\u7B54\\s*:",
            "Jawaban\\s*:",
            "R\u00E9ponse\\s*:",
            "Resposta\\s*:",
            "Jibu\\s*:",
            "Idahun\\s*:",
            "\u00CCd\u00E1h\u00F9n\\s*:",
            "Id\u00E1h\u00F9n\\s*:",
            "A\u0300m\u1ECD\u0300na\u0300\\s*:",
            "\u00C0d\u00E1h\u00F9n\\s*:",
            "A\u0300nu\u0301go\u0323\\s*:",
            "\u00C0\u1E63\u00E0y\u00E0n\\s*:");

    /** {@code normalize_response}: markup removed, in this order, before the multilingual regexes are tried. */
    static final List<String> RESPONSE_MARKUP = List.of(
            "**",
            "$\\boxed{",
            "}$",
            "\\$",
            "$\\text{",
            "$",
            "\\mathrm{",
            "\\{",
            "\\text",
            "\\(",
            "\\mathbf{",
            "{",
            "\\boxed");

    /** {@code normalize_extracted_answer}: Arabic, Bengali and full-width letters back to A-D (then stripped). */
    static final Map<String, String> LOCALISED_LETTERS = orderedPairs(
            "\u0623", " A", "\u0628", " B", "\u062C", " C", "\u062F", " D", "\u0985", " A", "\u09AC", " B", "\u09A1",
            " C", "\u09A2", " D", "\uFF21", " A", "\uFF22", " B", "\uFF23", " C", "\uFF24", " D");

    private static Map<String, String> orderedPairs(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The question with its four choices in simple-evals' multiple-choice prompt. */
    static String multichoice(String question, List<String> choices) {
        StringBuilder s = new StringBuilder(MULTICHOICE).append(question).append("\n\n");
        for (int i = 0; i < 4; i++) {
            s.append((char) ('A' + i)).append(") ").append(i < choices.size() ? choices.get(i) : "");
            if (i < 3) {
                s.append('\n');
            }
        }
        return s.toString();
    }

    /**
     * MMLU's extraction as filter steps: the markup removed, the first multilingual regex that matches (its letter),
     * the localised letter mapped back and stripped.
     */
    static List<Object> mmluFilters(List<String> prefixes, String template) {
        List<Object> steps = new ArrayList<>();
        for (String markup : RESPONSE_MARKUP) {
            steps.add(replace(markup, ""));
        }
        List<List<?>> chains = new ArrayList<>();
        for (String prefix : prefixes) {
            chains.add(List.of(regex(String.format(template, prefix))));
        }
        steps.add(firstOf(chains.toArray(new List<?>[0])));
        LOCALISED_LETTERS.forEach((letter, latin) -> steps.add(replace(letter, latin)));
        steps.add(strip());
        return steps;
    }
}
