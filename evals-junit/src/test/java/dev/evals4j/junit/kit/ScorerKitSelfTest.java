package dev.evals4j.junit.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the kit on a well-behaved scorer, and shows that it catches a scorer that breaks the rules. */
class ScorerKitSelfTest extends ScorerContractTest {

    @Override
    protected BaseScorer scorer() {
        return new ContainsScorer(false);
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("ignore_case", true);
    }

    @Nested
    class CatchesBrokenScorers {
        @Test
        void aScorerThatThrowsOnNull() {
            ScorerContractTest kit = kitFor(new ContainsScorer(false) {
                @Override
                public ScoreResult score(ScorerInputSample sample) {
                    return ScoreResult.correct(sample.generatedText().isEmpty());
                }
            });
            assertThatThrownBy(kit::everyResultHasAValidShape)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("test::contains threw java.lang.NullPointerException");
        }

        @Test
        void aScorerWhoseConfigureMutatesTheReceiver() {
            ScorerContractTest kit = new ScorerContractTest() {
                @Override
                protected BaseScorer scorer() {
                    return new MutableScorer();
                }

                @Override
                protected Map<String, Object> configuredParameters() {
                    return Map.of("ignore_case", true);
                }
            };
            assertThatThrownBy(kit::configureReturnsANewInstanceAndLeavesTheOriginalUnchanged)
                    .isInstanceOf(AssertionError.class);
        }

        @Test
        void aBadId() {
            ScorerContractTest kit = kitFor(new ContainsScorer(false) {
                @Override
                public String id() {
                    return "Contains";
                }
            });
            assertThatThrownBy(kit::idHasTheFamilyNameForm).isInstanceOf(AssertionError.class);
        }

        private ScorerContractTest kitFor(BaseScorer scorer) {
            return new ScorerContractTest() {
                @Override
                protected BaseScorer scorer() {
                    return scorer;
                }
            };
        }
    }

    @Nested
    class SkipsWhatItCannotRun {
        @Test
        void theConfigureCaseOfAScorerWithParametersButNoConfiguredParametersIsSkippedWithTheReason() {
            KitRun run = KitRun.of(WithoutConfiguredParameters.class);

            assertThat(run.failed()).isEmpty();
            assertThat(run.skipped())
                    .containsExactly(entry(
                            "configureReturnsANewInstanceAndLeavesTheOriginalUnchanged",
                            "test::contains declares parameters (ignore_case) but configuredParameters() gives none:"
                                    + " override it to test configure"));
            assertThat(run.passed()).hasSize(10);
        }

        @Test
        void theConfigureCaseOfAScorerWithoutParametersIsSkippedWithTheReason() {
            KitRun run = KitRun.of(WithoutParameters.class);

            assertThat(run.failed()).isEmpty();
            assertThat(run.skipped())
                    .containsExactly(entry(
                            "configureReturnsANewInstanceAndLeavesTheOriginalUnchanged",
                            "test::exact declares no parameters: there is nothing to configure"));
            assertThat(run.passed()).hasSize(10);
        }

        @Test
        void aBrokenScorerFailsTheKitRatherThanBeingSkipped() {
            KitRun run = KitRun.of(OfAMutableScorer.class);

            assertThat(run.failed()).containsOnlyKeys("configureReturnsANewInstanceAndLeavesTheOriginalUnchanged");
            assertThat(run.skipped()).isEmpty();
        }
    }

    /** The kit as a third-party test that forgot configuredParameters(); run only through {@link KitRun}. */
    @ExtendWith(OnlyThroughKitRun.class)
    static final class WithoutConfiguredParameters extends ScorerContractTest {
        @Override
        protected BaseScorer scorer() {
            return new ContainsScorer(false);
        }
    }

    /** The kit for a scorer that takes no parameters; run only through {@link KitRun}. */
    @ExtendWith(OnlyThroughKitRun.class)
    static final class WithoutParameters extends ScorerContractTest {
        @Override
        protected BaseScorer scorer() {
            return new BaseScorer() {
                @Override
                public String id() {
                    return "test::exact";
                }

                @Override
                public String description() {
                    return "1.0 when the generated text is one of the expected texts";
                }

                @Override
                public ScoreResult score(ScorerInputSample sample) {
                    return ScoreResult.correct(sample.expectedTexts().contains(sample.generatedText()));
                }
            };
        }
    }

    /** The kit for a scorer whose configure changes the shared instance; run only through {@link KitRun}. */
    @ExtendWith(OnlyThroughKitRun.class)
    static final class OfAMutableScorer extends ScorerContractTest {
        @Override
        protected BaseScorer scorer() {
            return new MutableScorer();
        }

        @Override
        protected Map<String, Object> configuredParameters() {
            return Map.of("ignore_case", true);
        }
    }

    /** 1.0 when the expected text occurs in the generated text. */
    static class ContainsScorer implements BaseScorer {
        final boolean ignoreCase;

        ContainsScorer(boolean ignoreCase) {
            this.ignoreCase = ignoreCase;
        }

        @Override
        public String id() {
            return "test::contains";
        }

        @Override
        public String description() {
            return "1.0 when the expected text occurs in the generated text";
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(
                    Parameter.withDefault("ignore_case", ParamType.BOOLEAN, "compare case-insensitively", false));
        }

        @Override
        public BaseScorer configure(Params params) {
            return new ContainsScorer(params.bool("ignore_case", false));
        }

        @Override
        public ScoreResult score(ScorerInputSample sample) {
            String generated = sample.generatedText();
            List<String> expectedTexts = sample.expectedTexts();
            String expected = expectedTexts.isEmpty() ? null : expectedTexts.get(0);
            if (generated == null || expected == null) {
                return ScoreResult.unscored("an answer is missing");
            }
            if (ignoreCase) {
                generated = generated.toLowerCase(Locale.ROOT);
                expected = expected.toLowerCase(Locale.ROOT);
            }
            return ScoreResult.correct(generated.contains(expected));
        }
    }

    /** Breaks the rule: configure changes the shared instance, as Llama Stack's registry did. */
    static final class MutableScorer extends ContainsScorer {
        private boolean mutableIgnoreCase;

        MutableScorer() {
            super(false);
        }

        @Override
        public BaseScorer configure(Params params) {
            mutableIgnoreCase = params.bool("ignore_case", false);
            return this;
        }

        @Override
        public ScoreResult score(ScorerInputSample sample) {
            return new ContainsScorer(mutableIgnoreCase).score(sample);
        }
    }
}
