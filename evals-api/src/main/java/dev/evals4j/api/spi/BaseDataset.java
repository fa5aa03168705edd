package dev.evals4j.api.spi;

import dev.evals4j.api.DatasetSource;

/**
 * Reads the rows of a dataset from one kind of source: the plugin type for local files, URLs, inline rows and
 * the Hugging Face Hub.
 */
public interface BaseDataset extends Plugin {

    /** Whether this plugin reads the source, usually judged by the URI's scheme. */
    boolean accepts(DatasetSource source);

    /**
     * Opens the source for reading, from the first row.
     *
     * @throws dev.evals4j.api.DatasetLoadException when it cannot be opened; the message names the source
     */
    RowReader open(DatasetSource source);
}
