package dev.evals4j.core.results;

import java.util.Objects;

/**
 * {@code run.json}: what a run is, written before its first sample so that it can be resumed by its folder alone.
 *
 * @param evals4jVersion the version that started the run
 * @param task {@code scoring} or {@code eval_task}
 * @param request the request
 */
public record RunFile(String evals4jVersion, String task, RequestRecord request) {
    /** The task of a run that scores rows holding the answers. */
    public static final String SCORING = "scoring";
    /** The task of a run that asks a model first. */
    public static final String EVAL_TASK = "eval_task";

    public RunFile {
        Objects.requireNonNull(evals4jVersion, "evals4jVersion");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(request, "request");
    }
}
