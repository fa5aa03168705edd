package dev.evals4j.scorers.judges;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.PluginContext;
import java.util.List;
import java.util.Set;

/**
 * The part that every scorer asking a judge model shares: its id, description, default aggregations and required
 * columns, the judge models it creates its judge from, and the refusal to score before it is configured.
 *
 * <p>A subclass keeps only its prompt, how it reads the judge's answer and its formula, in
 * {@link #score(ScorerInputSample, Transcript)}; its {@code configure} creates its judge with
 * {@link #judge(Params)}. The judge is {@code null} in the unconfigured scorer that {@link java.util.ServiceLoader}
 * creates, and scoring with it fails with how to configure it.
 */
abstract class JudgeScorer implements BaseScorer {
    private final String id;
    private final String description;
    private final List<String> defaultAggregations;
    private final Set<String> requiredColumns;
    private final JudgeModels models;
    private final Judge judge;

    /** A scorer with this judge, or unconfigured when {@code judge} is {@code null}. */
    JudgeScorer(
            String id,
            String description,
            List<String> defaultAggregations,
            Set<String> requiredColumns,
            JudgeModels models,
            Judge judge) {
        this.id = id;
        this.description = description;
        this.defaultAggregations = List.copyOf(defaultAggregations);
        this.requiredColumns = Set.copyOf(requiredColumns);
        this.models = models;
        this.judge = judge;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String description() {
        return description;
    }

    /** The judge settings, for a judge asked for a JSON object; a scorer with more parameters adds them. */
    @Override
    public List<Parameter> parameters() {
        return JudgeSettings.parameters(JudgeSettings.OutputFormat.JSON_OBJECT);
    }

    @Override
    public final List<String> defaultAggregations() {
        return defaultAggregations;
    }

    @Override
    public Set<String> requiredColumns() {
        return requiredColumns;
    }

    /** The models this scorer creates its judge (and any embedder) from, for {@code configure}. */
    final JudgeModels models() {
        return requireModels();
    }

    /** The judge that the judge settings among these parameters describe. */
    final Judge judge(Params params) {
        return Judge.create(JudgeSettings.from(id, params), requireModels());
    }

    private JudgeModels requireModels() {
        if (models == null) {
            throw new ConfigurationException(id + " asks a judge model from an evals4j instance; configure it"
                    + " through the instance's context: evals.context().scorer(\"" + id + "\", params)");
        }
        return models;
    }

    /**
     * Configures the scorer with the generators of the instance behind {@code context} (or with the models it was
     * made with, in tests).
     */
    @Override
    public final BaseScorer configure(Params params, PluginContext context) {
        return (models != null ? this : withModels(JudgeModels.of(context))).configure(params);
    }

    /** An unconfigured copy of this scorer that creates its judge from these models. */
    abstract JudgeScorer withModels(JudgeModels models);

    /**
     * Whether {@code configure} has made this scorer; a scorer that can work without a judge (on embeddings
     * alone) says so here.
     */
    boolean configured() {
        return judge != null;
    }

    /** Fails when the scorer is not configured, then scores the sample with a new transcript of the judge. */
    @Override
    public final ScoreResult score(ScorerInputSample sample) {
        if (!configured()) {
            throw new ConfigurationException(id + " is not configured; get it from evals.context().scorer(\"" + id
                    + "\", params) with at least judge_model and judge_base_url");
        }
        return score(sample, judge == null ? null : judge.transcript());
    }

    /**
     * Scores one sample of a configured scorer.
     *
     * @param transcript the judge's transcript for this sample; {@code null} only for a scorer that is
     *     {@link #configured()} without a judge
     */
    abstract ScoreResult score(ScorerInputSample sample, Transcript transcript);
}
