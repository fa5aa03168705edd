package dev.evals4j.junit.kit.builtin;

import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.core.datasets.InlineRowsDataset;
import dev.evals4j.junit.kit.DatasetContractTest;
import java.util.List;
import java.util.Map;

/** {@code rows}, on rows given inline; inline rows cannot be missing. */
class InlineRowsDatasetContractTest extends DatasetContractTest {
    @Override
    protected BaseDataset dataset() {
        return new InlineRowsDataset();
    }

    @Override
    protected DatasetSource source() {
        return DatasetSource.rows(DatasetRows.ROWS);
    }

    @Override
    protected List<Map<String, Object>> expectedRows() {
        return DatasetRows.ROWS;
    }
}
