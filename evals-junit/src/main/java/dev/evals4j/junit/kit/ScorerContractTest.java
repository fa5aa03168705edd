package dev.evals4j.junit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.PluginContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every scorer follows, as a test that a scorer's own test extends.
 *
 * <p>A subclass gives the scorer under test through {@link #scorer()} and may add samples that exercise it
 * ({@link #samples()}) and parameters that change its behaviour ({@link #configuredParameters()}). The kit then
 * checks, for built-in and third-party scorers alike:
 * <ul>
 *   <li>the id has the {@code family::name} form, and the description is one non-blank line;</li>
 *   <li>the default aggregations are among {@link #KNOWN_AGGREGATIONS}, and the parameters are well formed;</li>
 *   <li>scoring is deterministic, and one instance scores correctly from many threads at once;</li>
 *   <li>{@code null}, empty, non-string, very long (1 MB) and non-ASCII answers give a result, never an
 *       exception: a score, or <em>unscored</em> with a reason;</li>
 *   <li>every result has a valid shape: a finite number within {@link #minScore()}..{@link #maxScore()}, a
 *       non-blank category, or a non-blank unscored reason;</li>
 *   <li>{@code configure} returns a new instance and leaves the receiver unchanged, and an unknown parameter is
 *       rejected with a message that names it.</li>
 * </ul>
 *
 * <p>A case the kit cannot run is reported as skipped, with the reason and what to override, never as passed: a
 * scorer that declares parameters but whose test gives no {@link #configuredParameters()} has its configure case
 * skipped. The kit configures scorers with {@link #context()}, asked once per test; a {@link KitContext} it is given
 * is closed after the test, with the configured scorers that are {@link AutoCloseable}.
 *
 * <pre>{@code
 * class MyScorerTest extends ScorerContractTest {
 *     @Override
 *     protected BaseScorer scorer() {
 *         return new MyScorer();
 *     }
 *
 *     @Override // parameters that change the behaviour, to test configure
 *     protected Map<String, Object> configuredParameters() {
 *         return Map.of("ignore_case", true);
 *     }
 * }
 * }</pre>
 */
public abstract class ScorerContractTest {

    /** The aggregation function names that evals4j knows: Llama Stack's, and SimpleQA's derived metrics. */
    public static final Set<String> KNOWN_AGGREGATIONS =
            Set.of("accuracy", "average", "weighted_average", "median", "categorical_count", "simpleqa");

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]*::[a-z0-9][a-z0-9_.-]*");
    private static final int ROUNDS = 25;

    private @Nullable PluginContext context;
    private final List<BaseScorer> configured = new ArrayList<>();

    /** The scorer under test, with its defaults. */
    protected abstract BaseScorer scorer();

    /**
     * Samples that exercise the scorer; the default is a mix of matching, differing, numeric, list, JSON and
     * non-ASCII answers. Subclasses add their own on top.
     */
    protected List<ScorerInputSample> samples() {
        return List.of(
                ScorerInputSample.of("Paris", "Paris"),
                ScorerInputSample.of("The answer is Paris.", "Paris"),
                ScorerInputSample.of("London", "Paris"),
                ScorerInputSample.of("42", "42"),
                ScorerInputSample.of(42, "42.0"),
                ScorerInputSample.of("Answer: B", List.of("B", "b")),
                ScorerInputSample.of("{\"a\": 1}", Map.of("a", 1)),
                ScorerInputSample.of(List.of("x", "y"), List.of("y", "x")),
                ScorerInputSample.of(true, "true"),
                ScorerInputSample.of("naïve café 😀 答案：C", "naive cafe 😀 答案：C"));
    }

    /**
     * Parameters (by name, as a user gives them) that change the scorer's behaviour, used to check that
     * {@code configure} returns a new instance and leaves the original unchanged; empty when the scorer takes
     * none.
     */
    protected Map<String, Object> configuredParameters() {
        return Map.of();
    }

    /**
     * The context scorers are configured with, asked once per test; by default a {@link KitContext}, which has an
     * empty environment, folders of its own and no other plugins. Override it to give a scorer the plugins or
     * environment it needs: a {@code KitContext.builder()} one, or an evals4j instance's
     * ({@code Evals.builder().environment(Map.of()).build().context()}, which the test closes).
     */
    protected PluginContext context() {
        return new KitContext();
    }

    /** The lowest numeric score the scorer gives. */
    protected double minScore() {
        return 0.0;
    }

    /** The highest numeric score the scorer gives. */
    protected double maxScore() {
        return 1.0;
    }

    private List<ScorerInputSample> allSamples() {
        List<ScorerInputSample> all = new ArrayList<>(samples());
        all.addAll(edgeSamples());
        return all;
    }

    private static List<ScorerInputSample> edgeSamples() {
        return EDGE_SAMPLES;
    }

    private static final String MEGABYTE = "lorem ipsum dolor sit amet, 1,234.5 ".repeat((1 << 20) / 36 + 1);

    private static final List<ScorerInputSample> EDGE_SAMPLES = List.of(
            ScorerInputSample.of(null, "Paris"),
            ScorerInputSample.of("Paris", null),
            ScorerInputSample.of(null, null),
            ScorerInputSample.of("", ""),
            ScorerInputSample.of("", "Paris"),
            ScorerInputSample.of("Paris", ""),
            ScorerInputSample.of(List.of(), List.of()),
            ScorerInputSample.of(Map.of(), Map.of()),
            ScorerInputSample.of(3.5, 7),
            ScorerInputSample.of(false, null),
            ScorerInputSample.of(Arrays.asList("a", null), "a"),
            ScorerInputSample.of("Ωμέγα — 東京 — مرحبا — \u0000\u200b", "東京"),
            ScorerInputSample.of(MEGABYTE, "lorem ipsum"),
            ScorerInputSample.of("lorem ipsum", MEGABYTE));

    @AfterEach
    void closeWhatTheKitMade() throws Exception {
        for (BaseScorer scorer : configured) {
            PluginRules.closeIfCloseable(scorer);
        }
        configured.clear();
        PluginRules.closeIfKitContext(context);
        context = null;
    }

    private PluginContext kitContext() {
        if (context == null) {
            context = context();
        }
        return context;
    }

    private BaseScorer configure(BaseScorer scorer, Map<String, Object> given) {
        BaseScorer made = PluginRules.configureOrFail(scorer, given, params -> scorer.configure(params, kitContext()));
        configured.add(made);
        return made;
    }

    @Test
    void idHasTheFamilyNameForm() {
        PluginRules.idMatches(scorer(), ID, "family::name: lower case letters, digits, '.', '_', '-'");
    }

    @Test
    void descriptionIsOneNonBlankLine() {
        PluginRules.descriptionIsOneNonBlankLine(scorer());
    }

    @Test
    void defaultAggregationsAreKnown() {
        assertThat(scorer().defaultAggregations())
                .isSubsetOf(KNOWN_AGGREGATIONS)
                .doesNotHaveDuplicates();
    }

    @Test
    void requiredColumnsAreNamed() {
        assertThat(scorer().requiredColumns()).isNotNull().allSatisfy(c -> assertThat(c)
                .isNotBlank());
    }

    @Test
    void parametersAreWellFormed() {
        PluginRules.parametersAreWellFormed(scorer());
    }

    @Test
    void unknownParameterIsRejectedWithItsName() {
        PluginRules.unknownParameterIsRejectedWithItsName(scorer());
    }

    @Test
    void defaultParametersConfigureAnEquivalentScorer() {
        BaseScorer scorer = scorer();
        BaseScorer configured = configure(scorer, Map.of());
        assertThat(configured.id()).isEqualTo(scorer.id());
        assertThat(scoreAll(configured)).isEqualTo(scoreAll(scorer));
    }

    @Test
    void configureReturnsANewInstanceAndLeavesTheOriginalUnchanged() {
        BaseScorer scorer = scorer();
        Map<String, Object> given = configuredParameters();
        PluginRules.requireConfiguredParameters(scorer, given);
        List<ScoreResult> before = scoreAll(scorer);
        BaseScorer configured = configure(scorer, given);
        assertThat(configured).isNotSameAs(scorer);
        assertThat(configured.id()).isEqualTo(scorer.id());
        scoreAll(configured);
        assertThat(scoreAll(scorer))
                .as("scores of the original after configure")
                .isEqualTo(before);
    }

    @Test
    void everyResultHasAValidShape() {
        for (ScorerInputSample sample : allSamples()) {
            ScoreResult result = scoreOrFail(scorer(), sample);
            assertValidShape(result, sample);
        }
    }

    @Test
    void scoringIsDeterministic() {
        BaseScorer scorer = scorer();
        assertThat(scoreAll(scorer)).isEqualTo(scoreAll(scorer)).isEqualTo(scoreAll(scorer()));
    }

    @Test
    void oneInstanceScoresFromManyThreadsAtOnce() throws Exception {
        BaseScorer scorer = scorer();
        List<ScorerInputSample> samples = new ArrayList<>(samples());
        samples.addAll(edgeSamples().subList(0, 12));
        List<ScoreResult> expected = new ArrayList<>();
        for (ScorerInputSample s : samples) {
            expected.add(scoreOrFail(scorer, s));
        }
        List<List<ScoreResult>> perThread = PluginRules.onThreads(offset -> () -> {
            ScoreResult[] got = new ScoreResult[samples.size()];
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < samples.size(); i++) {
                    // each thread walks the samples from its own offset, so different samples overlap
                    int k = (i + offset) % samples.size();
                    got[k] = scorer.score(samples.get(k));
                }
            }
            return Arrays.asList(got);
        });
        for (List<ScoreResult> got : perThread) {
            assertThat(got)
                    .as("scores of %s from one of %d threads", scorer.id(), PluginRules.THREADS)
                    .isEqualTo(expected);
        }
    }

    /** Scores every sample (the subclass's and the kit's edge cases) and returns the results in order. */
    protected final List<ScoreResult> scoreAll(BaseScorer scorer) {
        List<ScoreResult> results = new ArrayList<>();
        for (ScorerInputSample sample : allSamples()) {
            results.add(scoreOrFail(scorer, sample));
        }
        return results;
    }

    private static ScoreResult scoreOrFail(BaseScorer scorer, ScorerInputSample sample) {
        ScoreResult result;
        try {
            result = scorer.score(sample);
        } catch (RuntimeException e) {
            throw new AssertionError(
                    scorer.id() + " threw " + e + " on " + describe(sample)
                            + "; a scorer returns ScoreResult.unscored(reason) for input it cannot judge",
                    e);
        }
        assertThat(result)
                .as("result of %s on %s", scorer.id(), describe(sample))
                .isNotNull();
        return result;
    }

    private void assertValidShape(ScoreResult result, ScorerInputSample sample) {
        String where = scorer().id() + " on " + describe(sample);
        if (result instanceof ScoreResult.Numeric n) {
            assertThat(Double.isFinite(n.value()))
                    .as("finite score of %s", where)
                    .isTrue();
            assertThat(n.value()).as("score of %s", where).isBetween(minScore(), maxScore());
        } else if (result instanceof ScoreResult.Categorical c) {
            assertThat(c.category()).as("category of %s", where).isNotBlank();
        } else if (result instanceof ScoreResult.Unscored u) {
            assertThat(u.reason()).as("unscored reason of %s", where).isNotBlank();
        }
        assertThat(result.details().keySet()).as("detail names of %s", where).allSatisfy(k -> assertThat(k)
                .isNotBlank());
        assertThat(result.toRow()).containsKey("score");
    }

    private static String describe(ScorerInputSample sample) {
        return "(generated=" + shorten(sample.generatedAnswer()) + ", expected=" + shorten(sample.expectedAnswer())
                + ")";
    }

    private static String shorten(Object value) {
        String s = String.valueOf(value);
        return s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + " chars)" : s;
    }
}
