package dev.evals4j.scorers.judges;

import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.Message;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The judge calls made to score one sample: asks, and asks again when an answer cannot be read (up to
 * {@code max_parse_retries} times, quoting the problem, so the new request is not answered from the cache), and
 * collects what the score reports: the judge's answers ({@code judge_feedback}), the number of calls
 * ({@code judge_calls}, when more than one), and its tokens ({@link ScoreResult#judgeUsage()}). Not thread-safe.
 */
final class Transcript {
    private final Judge judge;
    private final List<String> answers = new ArrayList<>();
    private Usage usage;

    Transcript(Judge judge) {
        this.judge = judge;
    }

    /**
     * Asks the judge a prompt and reads its answer.
     *
     * @param parse reads a verdict from an answer
     * @param format what a readable answer looks like, quoted when asking again, such as
     *     {@code a JSON object {"reasoning": "…", "choice": "A"}}
     * @return the verdict, or why none could be read from the last answer
     * @throws dev.evals4j.api.ModelCallException when a call fails after the generator's retries
     */
    <T> Parsed<T> ask(String prompt, Function<String, Parsed<T>> parse, String format) {
        List<Message> messages = new ArrayList<>();
        messages.add(Message.user(prompt));
        int retries = judge.settings().maxParseRetries();
        for (int attempt = 0; ; attempt++) {
            GenerationResponse response = judge.call(messages);
            String text = response.text();
            answers.add(text);
            response.usage().ifPresent(u -> usage = usage == null ? u : usage.plus(u));
            Parsed<T> parsed = parse.apply(text);
            if (parsed.value().isPresent() || attempt >= retries) {
                return parsed;
            }
            messages.add(Message.assistant(text));
            messages.add(Message.user("Your reply could not be read: " + parsed.problem() + ". Reply again with"
                    + " only " + format + "."));
        }
    }

    /** The details of the score: {@code judge_feedback}, and {@code judge_calls} when more than one. */
    Map<String, Object> details() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("judge_feedback", answers.size() == 1 ? answers.get(0) : String.join("\n\n---\n\n", answers));
        if (answers.size() > 1) {
            out.put("judge_calls", answers.size());
        }
        return out;
    }

    /** The tokens of the calls so far, when the server reported them. */
    Optional<Usage> usage() {
        return Optional.ofNullable(usage);
    }

    /** A score with these details and the judge's tokens added. */
    ScoreResult score(ScoreResult result) {
        ScoreResult out = result.withDetails(details());
        return usage == null ? out : out.withJudgeUsage(usage);
    }

    /** An unscored result with the reason, the details and the judge's tokens. */
    ScoreResult unscored(String reason) {
        return score(ScoreResult.unscored(reason));
    }
}
