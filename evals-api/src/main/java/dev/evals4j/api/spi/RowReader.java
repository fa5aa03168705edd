package dev.evals4j.api.spi;

import java.util.Map;
import java.util.Optional;

/**
 * A stream of dataset rows, read one at a time so that memory does not grow with the dataset. Not thread-safe.
 */
public interface RowReader extends AutoCloseable {

    /**
     * Returns the next row, or empty at the end.
     *
     * @throws dev.evals4j.api.DatasetLoadException when the row is malformed; the message names the file and line
     */
    Optional<Map<String, Object>> next();

    /** Where the last row returned came from, such as {@code data.csv line 4}, for messages. */
    String location();

    /** Releases the file or connection; reading after closing is not allowed. */
    @Override
    void close();
}
