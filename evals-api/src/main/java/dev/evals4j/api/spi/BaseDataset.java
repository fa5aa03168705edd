package dev.evals4j.api.spi;

import dev.evals4j.api.DatasetSource;

/**
 * Reads the rows of a dataset from one kind of source: the plugin type for local files, URLs, inline rows and
 * the Hugging Face Hub.
 *
 * <p>An implementation overrides one of the two {@code open} methods: {@link #open(DatasetSource, PluginContext)}
 * when it needs the instance's environment, folders or shared resources (a Hub client), else
 * {@link #open(DatasetSource)}.
 */
public interface BaseDataset extends Plugin {

    /** Whether this plugin reads the source, usually judged by the URI's scheme. */
    boolean accepts(DatasetSource source);

    /**
     * Opens the source for reading, from the first row.
     *
     * @throws dev.evals4j.api.DatasetLoadException when it cannot be opened; the message names the source
     * @throws UnsupportedOperationException when the plugin reads only through
     *     {@link #open(DatasetSource, PluginContext)}
     */
    default RowReader open(DatasetSource source) {
        throw new UnsupportedOperationException(
                id() + " opens datasets only with an evals4j instance's context: open(source, context)");
    }

    /**
     * Opens the source for reading with this instance's context. The default calls {@link #open(DatasetSource)}.
     *
     * @throws dev.evals4j.api.DatasetLoadException when it cannot be opened; the message names the source
     */
    default RowReader open(DatasetSource source, PluginContext context) {
        return open(source);
    }
}
