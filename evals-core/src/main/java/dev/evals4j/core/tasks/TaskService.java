package dev.evals4j.core.tasks;

import dev.evals4j.api.Benchmark;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.TaskPlan;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.BaseTask;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.datasets.DatasetService;
import dev.evals4j.core.internal.InstanceContext;
import dev.evals4j.core.plugins.PluginKind;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The benchmark tasks of one instance, and the requests that follow them: {@link #scoring} re-scores a file of logged
 * outputs with a task's scorers (its log columns renamed, its breakdown, its protocol recorded), {@link #evalTask}
 * asks a model the task's dataset with its prompt and generation defaults. The requests are builders, so that a
 * caller adds an output folder, a row limit or more scorers before running them. Thread-safe.
 *
 * <pre>{@code
 * EvalResult result = evals.evals().runScoring(evals.tasks()
 *         .scoring("mmlu_pro", Map.of("variant", "published"), DatasetDefinition.ofUri("outputs.zip"))
 *         .build());
 * }</pre>
 */
public final class TaskService {
    private final InstanceContext context;
    private final DatasetService datasets;

    /** The tasks of an instance. */
    public TaskService(InstanceContext context, DatasetService datasets) {
        this.context = Objects.requireNonNull(context, "context");
        this.datasets = Objects.requireNonNull(datasets, "datasets");
    }

    /** Every task, by id. */
    public List<BaseTask> list() {
        return context.registry().all(PluginKind.TASK).stream()
                .map(BaseTask.class::cast)
                .toList();
    }

    /**
     * The task with an id.
     *
     * @throws dev.evals4j.api.UnknownPluginException for an unknown id, listing the known ones
     */
    public BaseTask get(String taskId) {
        return (BaseTask) context.registry().get(PluginKind.TASK, taskId);
    }

    /**
     * The plan of a task for these parameters.
     *
     * @throws ConfigurationException for an unknown parameter or variant
     */
    public TaskPlan plan(String taskId, Map<String, ?> params) {
        return plan(get(taskId), context.registry().taskParams(taskId, params));
    }

    private TaskPlan plan(BaseTask task, Params params) {
        TaskPlan plan = task.plan(params, context);
        if (plan == null) {
            throw new ConfigurationException("the task " + task.id() + " returned no plan");
        }
        return plan;
    }

    /**
     * A scoring-only request that re-scores a file of logged outputs with the task's scorers: the task's log columns
     * are renamed where the file has them (the caller's renames first), the scores are broken down as the protocol
     * reports them, and the task, variant and protocol are recorded.
     *
     * @throws ConfigurationException for an unknown task, parameter or variant
     */
    public EvalRequest.Builder scoring(String taskId, Map<String, ?> params, DatasetDefinition logs) {
        Objects.requireNonNull(logs, "logs");
        BaseTask task = get(taskId);
        Params resolved = context.registry().taskParams(taskId, params);
        TaskPlan plan = plan(task, resolved);
        DatasetDefinition dataset = logs.withRenamedColumns(logRenames(plan, logs));
        EvalRequest.Builder request = EvalRequest.builder().dataset(dataset);
        for (ScorerSpec s : plan.scorers()) {
            request.scorer(s);
        }
        return request.groupBy(plan.groupBy().orElse(null)).benchmark(benchmark(task, resolved, plan));
    }

    /**
     * An eval-task request that asks a model the task's dataset: the task's processor, its dataset (unless
     * {@code dataset} is given, such as a local copy), the generator with the task's generation defaults under the
     * caller's parameters (only those the generator accepts), the task's repeats as epochs, its breakdown and its
     * protocol.
     *
     * @throws ConfigurationException for an unknown task, parameter or variant, or a task that cannot ask a model
     */
    public EvalRequest.Builder evalTask(
            String taskId, Map<String, ?> params, PluginSpec generator, Optional<DatasetDefinition> dataset) {
        Objects.requireNonNull(generator, "generator");
        BaseTask task = get(taskId);
        Params resolved = context.registry().taskParams(taskId, params);
        TaskPlan plan = plan(task, resolved);
        DatasetDefinition rows = dataset.or(plan::dataset)
                .orElseThrow(() -> new ConfigurationException("the task " + taskId
                        + " names no dataset to ask a model; give one (--dataset), or score logged outputs"));
        PluginSpec processor = plan.processor()
                .orElseThrow(() -> new ConfigurationException("the task " + taskId + " cannot ask a model (it has no"
                        + " processor); score logged outputs with it instead"));
        EvalRequest.Builder request = EvalRequest.builder()
                .dataset(rows)
                .processor(processor)
                .generator(withDefaults(generator, plan.generation()))
                .epochs(plan.epochs());
        for (ScorerSpec s : plan.scorers()) {
            request.scorer(s);
        }
        return request.groupBy(plan.groupBy().orElse(null)).benchmark(benchmark(task, resolved, plan));
    }

    private static Benchmark benchmark(BaseTask task, Params params, TaskPlan plan) {
        Object variant = params.values().get(BaseTask.VARIANT);
        String name = variant != null
                ? variant.toString()
                : task.variants().isEmpty() ? "default" : task.variants().get(0).name();
        return new Benchmark(task.id(), name, params.values(), plan.protocol());
    }

    /** The generator's parameters with the task's defaults under them, for those the generator declares. */
    private PluginSpec withDefaults(PluginSpec generator, Map<String, Object> defaults) {
        if (generator.instance().isPresent() || defaults.isEmpty()) {
            return generator;
        }
        Set<String> accepted = new HashSet<>();
        context.registry()
                .find(BaseGenerator.class, generator.id())
                .ifPresent(g -> g.parameters().stream().map(Parameter::name).forEach(accepted::add));
        Map<String, Object> merged = new LinkedHashMap<>();
        defaults.forEach((k, v) -> {
            if (accepted.contains(k)) {
                merged.put(k, v);
            }
        });
        merged.putAll(generator.params());
        return new PluginSpec(generator.id(), merged);
    }

    /** The task's log renames that apply to this file: source present, target absent, neither renamed already. */
    private Map<String, String> logRenames(TaskPlan plan, DatasetDefinition logs) {
        if (plan.logColumns().isEmpty()) {
            return Map.of();
        }
        Map<String, Object> first;
        try (RowReader reader = datasets.open(logs)) {
            first = reader.next().orElse(Map.of());
        }
        Set<String> renamedFrom = logs.renameColumns().keySet();
        Set<String> renamedTo = new HashSet<>(logs.renameColumns().values());
        Map<String, String> out = new LinkedHashMap<>();
        plan.logColumns().forEach((from, to) -> {
            if (first.containsKey(from)
                    && !first.containsKey(to)
                    && !renamedFrom.contains(from)
                    && !renamedTo.contains(to)) {
                out.put(from, to);
            }
        });
        return out;
    }
}
