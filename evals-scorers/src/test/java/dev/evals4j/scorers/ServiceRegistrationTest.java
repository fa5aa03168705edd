package dev.evals4j.scorers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.spi.BaseScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ServiceRegistrationTest {

    @Test
    void everyBuiltInScorerIsDiscoverableByItsDocumentedId() {
        List<String> ids = new ArrayList<>();
        for (BaseScorer scorer : ServiceLoader.load(BaseScorer.class)) {
            ids.add(scorer.id());
        }
        assertThat(ids)
                .containsExactlyInAnyOrder(
                        "basic::equality",
                        "basic::subset_of",
                        "basic::regex_parser_multiple_choice_answer",
                        "basic::regex_parser_math_response",
                        "basic::docvqa",
                        "braintrust::exact-match",
                        "braintrust::levenshtein",
                        "braintrust::numeric-diff",
                        "braintrust::json-diff",
                        "braintrust::list-contains",
                        "braintrust::valid-json",
                        "harness::exact_match",
                        "metrics::numeric_equality",
                        "metrics::f1",
                        "metrics::bleu",
                        "metrics::chrf",
                        "metrics::rouge1",
                        "metrics::rouge2",
                        "metrics::rouge_l",
                        "metrics::math_equiv",
                        "ifeval::prompt_strict",
                        "ifeval::prompt_loose",
                        "ifeval::instruction_strict",
                        "ifeval::instruction_loose",
                        "basic::ifeval",
                        "answer::match",
                        "llm-as-judge::base",
                        "llm-as-judge::405b-simpleqa",
                        "braintrust::factuality",
                        "braintrust::closed-qa",
                        "braintrust::answer-correctness",
                        "braintrust::answer-similarity",
                        "braintrust::answer-relevancy",
                        "braintrust::faithfulness",
                        "braintrust::context-recall",
                        "braintrust::context-precision",
                        "braintrust::context-relevancy",
                        "llm-as-judge::pairwise");
    }
}
