package dev.evals4j.api.spi;

import dev.evals4j.api.TaskPlan;
import java.util.List;

/**
 * A benchmark task: the fifth plugin type, which bundles a dataset reference (a Hub dataset at a pinned revision), a
 * processor (the prompt and what the model is asked), scorers (answer extraction and comparison), generation
 * defaults and the protocol it follows, so that a benchmark runs, or re-scores logged outputs, in one command.
 *
 * <p>Where published protocols differ, a task offers named {@link #variants()}, chosen with its {@code variant}
 * parameter; {@link #plan} returns what a run of that variant needs. Like every plugin, a task has a public no-argument
 * constructor, is declared in {@code META-INF/services/dev.evals4j.api.spi.BaseTask}, and is never changed: each
 * {@code plan} call returns a new plan. Implementations are thread-safe.
 */
public interface BaseTask extends Plugin {

    /** The name of the parameter that selects a variant. */
    String VARIANT = "variant";

    /** The protocol variants this task offers, the default first. */
    List<TaskVariant> variants();

    /**
     * What a run of this task needs for these parameters (already checked against {@link #parameters()} and
     * completed with their defaults).
     *
     * @throws dev.evals4j.api.ConfigurationException for a parameter the task refuses, naming it and what it accepts
     */
    TaskPlan plan(Params params, PluginContext context);
}
