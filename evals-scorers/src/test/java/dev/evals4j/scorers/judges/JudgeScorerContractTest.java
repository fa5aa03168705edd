package dev.evals4j.scorers.judges;

import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import dev.evals4j.junit.kit.ScorerContractTest;
import java.util.Map;
import java.util.function.Function;

/**
 * The scorer contract kit for a judge scorer whose judge is a fake: the scorer under test is made over
 * {@link FakeModels} with a judge that answers each prompt with a function, and configured as a user would.
 */
abstract class JudgeScorerContractTest extends ScorerContractTest {
    private final Function<JudgeModels, ? extends BaseScorer> create;
    private final Function<String, String> judge;

    /**
     * @param create the scorer's unconfigured constructor over judge models
     * @param judge the fake judge's answer to each prompt, for {@link #scorer()}
     */
    JudgeScorerContractTest(Function<JudgeModels, ? extends BaseScorer> create, Function<String, String> judge) {
        this.create = create;
        this.judge = judge;
    }

    /** The scorer configured with these parameters, given by name as a user gives them. */
    static BaseScorer configured(BaseScorer scorer, Map<String, Object> params) {
        return scorer.configure(Params.resolve(scorer.id(), scorer.parameters(), params));
    }

    /** The scorer under test over a fake judge that answers like {@code judge}, with these parameters. */
    final BaseScorer scorer(Function<String, String> judge, Map<String, Object> params) {
        return configured(create.apply(new FakeModels(judge)), params);
    }

    @Override
    protected BaseScorer scorer() {
        return scorer(judge, Map.of());
    }
}
