package dev.evals4j.server.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Benchmarks (a dataset and its scoring functions), kept in {@code <data>/benchmarks/}. Thread-safe. */
public final class Benchmarks {
    /**
     * A benchmark as its file holds it.
     *
     * @param identifier its id
     * @param datasetId the dataset it evaluates
     * @param scoringFunctions the scoring functions it applies
     * @param providerId the provider it names
     * @param providerResourceId the provider's id of it
     * @param metadata free-form metadata
     */
    public record Benchmark(
            String identifier,
            String datasetId,
            List<String> scoringFunctions,
            String providerId,
            String providerResourceId,
            Map<String, Object> metadata) {

        /** The wire form: Llama Stack's {@code Benchmark}. */
        public Map<String, Object> wire() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("identifier", identifier);
            out.put("provider_resource_id", providerResourceId);
            out.put("provider_id", providerId);
            out.put("type", "benchmark");
            out.put("dataset_id", datasetId);
            out.put("scoring_functions", scoringFunctions);
            out.put("metadata", metadata);
            return out;
        }
    }

    private final Path dir;
    private final Map<String, Benchmark> benchmarks = new TreeMap<>();

    /** The benchmarks kept in {@code dir}. */
    public Benchmarks(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** Reads the benchmarks from disk. */
    public synchronized void load() {
        for (Benchmark b : StateFiles.readAll(dir, Benchmark.class)) {
            benchmarks.put(b.identifier(), b);
        }
    }

    /**
     * Registers a benchmark from a request body ({@code benchmark_id}, or {@code eval_task_id} of the older
     * clients; {@code dataset_id}, {@code scoring_functions}, {@code metadata}, {@code provider_id},
     * {@code provider_benchmark_id}); the dataset and functions must exist ({@code check} says whether they do).
     */
    public Benchmark register(Body body, Checker check) {
        String id = body.has("benchmark_id") ? body.string("benchmark_id") : body.string("eval_task_id");
        String dataset = body.string("dataset_id");
        List<String> functions = body.strings("scoring_functions");
        if (functions.isEmpty()) {
            throw ApiException.badRequest("'scoring_functions' names no scoring function");
        }
        check.check(dataset, functions);
        @Nullable
        String providerId =
                body.optString("provider_id").filter(s -> !s.isBlank()).orElse(null);
        @Nullable
        String providerResource = body.optString("provider_benchmark_id")
                .or(() -> body.optString("provider_eval_task_id"))
                .filter(s -> !s.isBlank())
                .orElse(null);
        Benchmark b = new Benchmark(
                id,
                dataset,
                List.copyOf(functions),
                providerId == null ? "evals4j" : providerId,
                providerResource == null ? id : providerResource,
                new LinkedHashMap<>(body.optMap("metadata")));
        synchronized (this) {
            if (benchmarks.containsKey(id)) {
                throw ApiException.badRequest("Object of type 'benchmark' and identifier '" + id
                        + "' already exists. Unregister it first if you want to replace it.");
            }
            StateFiles.write(file(id), b);
            benchmarks.put(id, b);
        }
        return b;
    }

    /** Checks what a benchmark names. */
    @FunctionalInterface
    public interface Checker {
        /** Throws a 400 when the dataset or a function does not exist. */
        void check(String datasetId, List<String> scoringFunctions);
    }

    /** Whether a benchmark has this id. */
    public synchronized boolean exists(String id) {
        return benchmarks.containsKey(id);
    }

    /** The benchmark with this id. */
    public synchronized Benchmark get(String id) {
        Benchmark b = benchmarks.get(id);
        if (b == null) {
            throw ApiException.notFound(
                    "Benchmark '" + id + "' not found. Use 'client.benchmarks.list()' to list available Benchmarks.");
        }
        return b;
    }

    /** Every benchmark, by id. */
    public synchronized List<Benchmark> list() {
        return new ArrayList<>(benchmarks.values());
    }

    /** Unregisters a benchmark; its jobs and their results stay. */
    public synchronized void unregister(String id) {
        get(id);
        StateFiles.delete(file(id));
        benchmarks.remove(id);
    }

    private Path file(String id) {
        return dir.resolve(StateFiles.fileName(id) + ".json");
    }
}
