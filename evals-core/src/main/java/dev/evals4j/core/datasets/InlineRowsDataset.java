package dev.evals4j.core.datasets;

import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.api.spi.RowReader;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code rows}: a dataset whose rows are given inline. */
public final class InlineRowsDataset implements BaseDataset {
    @Override
    public String id() {
        return "rows";
    }

    @Override
    public String description() {
        return "rows given inline, from Java or a dataset definition";
    }

    @Override
    public boolean accepts(DatasetSource source) {
        return source instanceof DatasetSource.Rows;
    }

    @Override
    public RowReader open(DatasetSource source) {
        return of(((DatasetSource.Rows) source).rows(), "inline rows");
    }

    /** A reader over rows held in memory. */
    static RowReader of(List<Map<String, Object>> rows, String name) {
        Iterator<Map<String, Object>> it = rows.iterator();
        return new RowReader() {
            private int index = -1;

            @Override
            public Optional<Map<String, Object>> next() {
                if (!it.hasNext()) {
                    return Optional.empty();
                }
                index++;
                return Optional.of(it.next());
            }

            @Override
            public String location() {
                return name + " row " + index;
            }

            @Override
            public void close() {}
        };
    }
}
