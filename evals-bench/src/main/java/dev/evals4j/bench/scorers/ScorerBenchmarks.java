package dev.evals4j.bench.scorers;

import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.scorers.basic.RegexParserMultipleChoiceScorer;
import dev.evals4j.scorers.braintrust.JsonDiffScorer;
import dev.evals4j.scorers.braintrust.LevenshteinScorer;
import dev.evals4j.scorers.metrics.BleuScorer;
import dev.evals4j.scorers.metrics.RougeScorer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Throughput of the built-in scorers on typical single samples. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScorerBenchmarks {
    private final BaseScorer levenshtein = new LevenshteinScorer();
    private final BaseScorer jsonDiff = new JsonDiffScorer();
    private final BaseScorer multipleChoice = new RegexParserMultipleChoiceScorer();
    private final BaseScorer bleu = new BleuScorer();
    private final BaseScorer rougeL = new RougeScorer.RougeL();

    private final ScorerInputSample shortPair = ScorerInputSample.of("Mark Zuckerberg", "Mark Zuckerburg");
    private final ScorerInputSample jsonPair = ScorerInputSample.of(
            "{\"name\": \"John Smith\", \"age\": 30, \"skills\": [\"python\", \"javascript\"]}",
            Map.of("name", "John A. Smith", "age", 31, "skills", List.of("python", "typescript")));
    private final ScorerInputSample multipleChoiceAnswer = ScorerInputSample.of(
            "Let's think step by step. The mitochondria produce ATP through oxidative phosphorylation, which "
                    + "rules out A and C. Between B and D, only D mentions the electron transport chain.\n"
                    + "Answer: D",
            "D");
    private final ScorerInputSample sentencePair = ScorerInputSample.of(
            "The quick brown fox jumps over the lazy dog near the river bank today.",
            "A quick brown fox jumped over the lazy dog by the river bank this morning.");

    @Benchmark
    public Object levenshtein() {
        return levenshtein.score(shortPair);
    }

    @Benchmark
    public Object jsonDiff() {
        return jsonDiff.score(jsonPair);
    }

    @Benchmark
    public Object multipleChoiceParser() {
        return multipleChoice.score(multipleChoiceAnswer);
    }

    @Benchmark
    public Object bleu() {
        return bleu.score(sentencePair);
    }

    @Benchmark
    public Object rougeL() {
        return rougeL.score(sentencePair);
    }
}
