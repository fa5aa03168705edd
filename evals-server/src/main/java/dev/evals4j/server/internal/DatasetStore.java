package dev.evals4j.server.internal;

import dev.evals4j.api.Dataset;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.DatasetsApi;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.RowPage;
import dev.evals4j.api.spi.RowReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Datasets registered through the server, kept in {@code <data>/datasets/<id>/}: {@code dataset.json} (what was
 * registered: purpose, source, metadata) and one {@code appended-NNNNNN.json} per {@code append-rows} call, each
 * written durably before the call is answered. The instance's datasets facade reads the rows (files, URLs, the Hub,
 * inline rows; CSV, JSON and JSONL), with appended rows after the source's. Datasets the application registered
 * on the instance itself are served too, and their appended rows kept in memory only. Thread-safe.
 */
public final class DatasetStore {
    /** The purposes Llama Stack defines. */
    static final List<String> PURPOSES = List.of("eval/question-answer", "eval/messages-answer");

    private static final String DATASET = "dataset.json";

    /**
     * What {@code dataset.json} holds.
     *
     * @param identifier the dataset id
     * @param purpose Llama Stack's purpose
     * @param uri the source URI, else null
     * @param rows the inline rows, else null
     * @param metadata free-form metadata
     * @param registeredAt when it was registered
     */
    public record DatasetFile(
            String identifier,
            String purpose,
            @Nullable String uri,
            @Nullable List<Map<String, Object>> rows,
            Map<String, Object> metadata,
            String registeredAt) {}

    /** What an {@code appended-NNNNNN.json} holds. */
    public record AppendedRows(List<Map<String, Object>> rows) {}

    private final DatasetsApi datasets;
    private final Path dir;
    private final boolean fileUris;
    /** Datasets kept on disk, with the number of their appended batches. */
    private final Map<String, Integer> stored = new HashMap<>();

    /** A store in {@code dir} over the instance's datasets; {@code fileUris} allows local file sources. */
    public DatasetStore(DatasetsApi datasets, Path dir, boolean fileUris) {
        this.datasets = Objects.requireNonNull(datasets, "datasets");
        this.dir = Objects.requireNonNull(dir, "dir");
        this.fileUris = fileUris;
    }

    /** Registers the datasets kept on disk with the instance, with their appended rows. */
    public synchronized void load() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> folders = Files.list(dir)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                Path file = folder.resolve(DATASET);
                if (!Files.isRegularFile(file)) {
                    // what an unregister left when the process died before removing the folder
                    StateFiles.deleteTree(folder);
                    continue;
                }
                DatasetFile d = StateFiles.read(file, DatasetFile.class);
                datasets.register(definition(d));
                int batches = 0;
                for (Path batch : batchFiles(folder)) {
                    datasets.appendRows(
                            d.identifier(),
                            StateFiles.read(batch, AppendedRows.class).rows());
                    batches++;
                }
                stored.put(d.identifier(), batches);
            }
        } catch (IOException e) {
            throw new EvalException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> batchFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith("appended-") && n.endsWith(".json");
                    })
                    .sorted()
                    .toList();
        }
    }

    private static DatasetDefinition definition(DatasetFile d) {
        DatasetSource source = d.uri() != null ? DatasetSource.uri(d.uri()) : DatasetSource.rows(d.rows());
        return new DatasetDefinition(d.identifier(), source, Optional.of(d.purpose()), Map.of(), d.metadata());
    }

    /**
     * Registers a dataset from a request body ({@code purpose}, {@code source}, {@code metadata},
     * {@code dataset_id}; also the older {@code url: {uri}}) and keeps it on disk.
     */
    public Dataset register(Body body) {
        Optional<Body> oldUrl = body.optObject("url");
        String purpose = body.optString("purpose").orElseGet(() -> oldUrl.isPresent() ? PURPOSES.get(0) : null);
        if (purpose == null) {
            throw ApiException.badRequest("the request needs 'purpose': one of " + String.join(", ", PURPOSES));
        }
        if (!PURPOSES.contains(purpose)) {
            throw ApiException.badRequest(
                    "'purpose' must be one of " + String.join(", ", PURPOSES) + ", was '" + purpose + "'");
        }
        String uri = null;
        List<Map<String, Object>> rows = null;
        if (oldUrl.isPresent() && !body.has("source")) {
            uri = oldUrl.get().string("uri");
        } else {
            Body source = body.object("source");
            String type = source.optString("type").orElse(source.has("rows") ? "rows" : "uri");
            switch (type) {
                case "uri" -> uri = source.string("uri");
                case "rows" -> rows = new ArrayList<>(source.rows("rows"));
                default -> throw ApiException.badRequest("'source.type' must be uri or rows, was '" + type + "'");
            }
        }
        if (uri != null
                && !fileUris
                && new DatasetSource.Uri(uri, Optional.empty()).scheme().equals("file")) {
            throw ApiException.badRequest("this server reads no local files ('" + uri + "'); give an http(s),"
                    + " data: or huggingface:// URI, or the rows");
        }
        String id =
                body.optString("dataset_id").filter(s -> !s.isBlank()).orElseGet(() -> "dataset-" + UUID.randomUUID());
        DatasetFile d = new DatasetFile(
                id,
                purpose,
                uri,
                rows,
                new LinkedHashMap<>(body.optMap("metadata")),
                Instant.now().toString());
        synchronized (this) {
            if (datasets.get(id).isPresent()) {
                throw ApiException.badRequest("Object of type 'dataset' and identifier '" + id
                        + "' already exists. Unregister it first if you want to replace it.");
            }
            Dataset dataset = datasets.register(definition(d));
            try {
                StateFiles.write(folder(id).resolve(DATASET), d);
            } catch (RuntimeException e) {
                datasets.unregister(id);
                throw e;
            }
            stored.put(id, 0);
            return dataset;
        }
    }

    /** The dataset with this id. */
    public Dataset get(String id) {
        return datasets.get(id).orElseThrow(() -> notFound(id));
    }

    /** Every dataset, in the order of registration. */
    public List<Dataset> list() {
        return datasets.list();
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound(
                "Dataset '" + id + "' not found. Use 'client.datasets.list()' to list available Datasets.");
    }

    /** Unregisters a dataset and removes it from disk; its source is left as it is. */
    public synchronized void unregister(String id) {
        get(id);
        if (stored.remove(id) != null) {
            Path folder = folder(id);
            StateFiles.delete(folder.resolve(DATASET));
            StateFiles.deleteTree(folder);
        }
        datasets.unregister(id);
    }

    /** A page of rows: {@code limit} rows (all with -1) from {@code start}. */
    public RowPage rows(String id, long start, long limit) {
        get(id);
        if (start < 0) {
            throw ApiException.badRequest("'start_index' must be at least 0, was " + start);
        }
        if (limit == 0 || limit < -1) {
            throw ApiException.badRequest("'limit' must be at least 1, or -1 for every row, was " + limit);
        }
        return datasets.iterRows(
                id, (int) Math.min(start, Integer.MAX_VALUE), (int) Math.min(limit, Integer.MAX_VALUE));
    }

    /** Appends rows, durably for a dataset kept on disk, before the instance sees them. */
    public synchronized void append(String id, List<Map<String, @Nullable Object>> rows) {
        get(id);
        Integer batches = stored.get(id);
        if (batches != null) {
            int next = batches + 1;
            List<Map<String, Object>> copy = new ArrayList<>(rows.size());
            for (Map<String, @Nullable Object> row : rows) {
                copy.add(new LinkedHashMap<>(row));
            }
            StateFiles.write(folder(id).resolve(String.format("appended-%06d.json", next)), new AppendedRows(copy));
            stored.put(id, next);
        }
        datasets.appendRows(id, rows);
    }

    /**
     * The rows of a dataset as a job should record them: the definition itself when it is a URI with nothing
     * appended (so a job over a Hub dataset does not copy it), else the rows themselves, at most {@code limit}
     * ({@code -1}: all), so that the job reads the same rows whatever happens to the dataset later.
     */
    public DatasetDefinition forJob(String id, long limit) {
        Dataset dataset = get(id);
        DatasetDefinition d = dataset.definition();
        boolean appended;
        synchronized (this) {
            appended = stored.getOrDefault(id, 0) > 0 || !stored.containsKey(id);
        }
        if (d.source() instanceof DatasetSource.Uri && !appended) {
            return d;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (RowReader reader = datasets.open(id)) {
            while (limit < 0 || rows.size() < limit) {
                Optional<Map<String, Object>> row = reader.next();
                if (row.isEmpty()) {
                    break;
                }
                rows.add(row.get());
            }
        }
        return new DatasetDefinition(id, DatasetSource.rows(rows), d.purpose(), Map.of(), d.metadata());
    }

    private Path folder(String id) {
        return dir.resolve(StateFiles.fileName(id));
    }

    /** A dataset as the wire shows it: Llama Stack's {@code Dataset}. */
    public static Map<String, Object> wire(Dataset d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identifier", d.identifier());
        out.put("provider_resource_id", d.identifier());
        out.put("provider_id", d.providerId());
        out.put("type", "dataset");
        out.put("purpose", d.definition().purpose().orElse(PURPOSES.get(0)));
        Map<String, Object> source = new LinkedHashMap<>();
        if (d.definition().source() instanceof DatasetSource.Uri uri) {
            source.put("type", "uri");
            source.put("uri", uri.uri());
        } else {
            source.put("type", "rows");
            source.put("rows", ((DatasetSource.Rows) d.definition().source()).rows());
        }
        out.put("source", source);
        out.put("metadata", d.definition().metadata());
        return out;
    }
}
