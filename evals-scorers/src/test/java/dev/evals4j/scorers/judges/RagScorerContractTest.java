package dev.evals4j.scorers.judges;

import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The scorer contract kit for a RAG-family judge scorer: its judge is {@link RagJudge}, and the kit's samples are
 * joined by {@link RagJudge#samples()}, which have a question and context.
 */
abstract class RagScorerContractTest extends JudgeScorerContractTest {

    /** @param create the scorer's unconfigured constructor over judge models */
    RagScorerContractTest(Function<JudgeModels, ? extends BaseScorer> create) {
        super(create, RagJudge::answer);
    }

    @Override
    protected List<ScorerInputSample> samples() {
        List<ScorerInputSample> all = new ArrayList<>(super.samples());
        all.addAll(RagJudge.samples());
        return all;
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("judge_model", "other", "max_parse_retries", 1);
    }
}
