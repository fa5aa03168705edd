package dev.evals4j.core.run;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.ScorerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an {@link EvalRequest} as JSON for {@code run.json}, and reads it back to resume the run. Secret
 * parameters are written as {@code ***}: pass keys through environment variables ({@code api_key_env}).
 */
public final class RequestJson {
    private RequestJson() {}

    /** The request as JSON, with its dataset definition resolved. */
    public static Map<String, Object> write(EvalRequest request, DatasetDefinition dataset) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", datasetJson(dataset));
        List<Object> scorers = new ArrayList<>();
        for (ScorerSpec s : request.scorers()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", s.id());
            entry.put("params", Secrets.redact(s.params()));
            entry.put("aggregations", s.aggregations());
            scorers.add(entry);
        }
        out.put("scorers", scorers);
        out.put("processor", request.processor().map(RequestJson::pluginJson).orElse(null));
        out.put("generator", request.generator().map(RequestJson::pluginJson).orElse(null));
        out.put("limit", request.limit());
        out.put("sample_seed", request.sampleSeed().orElse(null));
        out.put("epochs", request.epochs());
        out.put("epoch_reducer", request.epochReducer());
        out.put("metadata", request.metadata());
        return out;
    }

    static Map<String, Object> datasetJson(DatasetDefinition d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", d.id());
        if (d.source() instanceof DatasetSource.Uri uri) {
            out.put("uri", uri.uri());
            out.put("format", uri.format().orElse(null));
        } else {
            out.put("rows", ((DatasetSource.Rows) d.source()).rows());
        }
        out.put("purpose", d.purpose().orElse(null));
        out.put("rename_columns", d.renameColumns());
        out.put("metadata", d.metadata());
        return out;
    }

    private static Map<String, Object> pluginJson(PluginSpec p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", p.id());
        out.put("params", Secrets.redact(p.params()));
        return out;
    }

    /**
     * Reads a request written by {@link #write}, writing its results into {@code runDir}.
     *
     * @throws ConfigurationException when the JSON is not a request
     */
    @SuppressWarnings("unchecked")
    public static EvalRequest read(Map<String, Object> json, Path runDir) {
        try {
            Map<String, Object> ds = (Map<String, Object>) json.get("dataset");
            DatasetSource source = ds.get("uri") != null
                    ? new DatasetSource.Uri((String) ds.get("uri"), Optional.ofNullable((String) ds.get("format")))
                    : DatasetSource.rows((List<Map<String, Object>>) ds.get("rows"));
            DatasetDefinition definition = new DatasetDefinition(
                    (String) ds.get("id"),
                    source,
                    Optional.ofNullable((String) ds.get("purpose")),
                    (Map<String, String>) ds.getOrDefault("rename_columns", Map.of()),
                    (Map<String, Object>) ds.getOrDefault("metadata", Map.of()));
            EvalRequest.Builder b = EvalRequest.builder().dataset(definition).outputDir(runDir);
            for (Object o : (List<Object>) json.get("scorers")) {
                Map<String, Object> s = (Map<String, Object>) o;
                b.scorer(new ScorerSpec((String) s.get("id"), (Map<String, Object>) s.get("params"), (List<String>)
                        s.get("aggregations")));
            }
            b.processor(plugin(json.get("processor")));
            b.generator(plugin(json.get("generator")));
            long limit = ((Number) json.get("limit")).longValue();
            if (limit > 0) {
                b.limit(limit);
            }
            if (json.get("sample_seed") instanceof Number seed) {
                b.sampleSeed(seed.longValue());
            }
            b.epochs(((Number) json.get("epochs")).intValue());
            b.epochReducer((String) json.get("epoch_reducer"));
            b.metadata((Map<String, Object>) json.getOrDefault("metadata", Map.of()));
            return b.build();
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new ConfigurationException(
                    "the run description for " + runDir + " is malformed: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static PluginSpec plugin(Object json) {
        if (json == null) {
            return null;
        }
        Map<String, Object> p = (Map<String, Object>) json;
        return new PluginSpec((String) p.get("id"), (Map<String, Object>) p.get("params"));
    }
}
