package dev.evals4j.scorers.judges;

import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.testkit.ScorerContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class ContextRelevancyScorerTest extends ScorerContractTest {

    static BaseScorer scorer(Map<String, Object> params) {
        ContextRelevancyScorer s = new ContextRelevancyScorer(new FakeModels(RagJudge::answer));
        return s.configure(Params.resolve(s.id(), s.parameters(), params));
    }

    @Override
    protected BaseScorer scorer() {
        return scorer(Map.of());
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
