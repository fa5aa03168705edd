package dev.evals4j.api;

import dev.evals4j.api.spi.RowReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The datasets facade, after Llama Stack's datasets and datasetio endpoints: register, get, list, unregister,
 * iterate rows and append rows. Implementations are thread-safe.
 */
public interface DatasetsApi {

    /**
     * Registers a dataset, replacing none: registering an id twice is an error.
     *
     * @throws ConfigurationException when the id is taken or no dataset plugin reads the source
     */
    Dataset register(DatasetDefinition definition);

    /** The dataset with this id, if registered. */
    Optional<Dataset> get(String datasetId);

    /** Every registered dataset, in the order of registration. */
    List<Dataset> list();

    /**
     * Unregisters a dataset; its source is left as it is.
     *
     * @throws ConfigurationException when no dataset has this id
     */
    void unregister(String datasetId);

    /**
     * Returns {@code limit} rows from {@code startIndex} (from 0), with renames applied; a {@code limit} of -1
     * returns every row from {@code startIndex}.
     */
    RowPage iterRows(String datasetId, int startIndex, int limit);

    /**
     * Appends rows to a registered dataset. They are kept with the registration (in memory) and follow the
     * source's rows; the source file or URL itself is not written.
     */
    void appendRows(String datasetId, List<? extends Map<String, ?>> rows);

    /** Opens the dataset's rows as a stream, with renames applied and appended rows at the end. */
    RowReader open(String datasetId);
}
