package dev.evals4j.examples;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.core.Evals;
import java.nio.file.Path;

/**
 * Scores the example dataset of model answers with three scorers, from Java: the README's quick start.
 *
 * <p>Run from the repository root with
 * {@code java -cp "evals-examples/target/evals-examples-0.1.0-SNAPSHOT.jar:evals-cli/target/lib/*"
 * dev.evals4j.examples.QuickStart}.
 */
public final class QuickStart {
    private QuickStart() {}

    /** Scores {@code evals-examples/data/capitals.csv}, or the file given as the first argument. */
    public static void main(String[] args) {
        String file = args.length > 0 ? args[0] : "evals-examples/data/capitals.csv";
        EvalResult result;
        try (Evals evals = Evals.create()) {
            evals.datasets().register(DatasetDefinition.ofUri("capitals", file));
            result = evals.evals()
                    .runScoring(EvalRequest.builder()
                            .dataset("capitals")
                            .scorer("basic::equality")
                            .scorer("basic::subset_of")
                            .scorer(ScorerSpec.of("example::starts-with").withParam("ignore_case", true))
                            .outputDir(Path.of("runs", "quickstart-" + System.currentTimeMillis()))
                            .build());
        }

        result.scores()
                .forEach((id, summary) -> System.out.printf(
                        "%-22s accuracy %.3f (%d rows)%n",
                        id, summary.metric("accuracy", "accuracy").orElse(Double.NaN), summary.numRows()));
        System.out.println("results in " + result.outputDir());
    }
}
