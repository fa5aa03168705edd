package dev.evals4j.junit.kit.builtin;

import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.core.datasets.DataUrlDataset;
import dev.evals4j.junit.kit.DatasetContractTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** {@code data}, on a base64 JSON Lines {@code data:} URL; a {@code data:} URL cannot be missing. */
class DataUrlDatasetContractTest extends DatasetContractTest {
    @Override
    protected BaseDataset dataset() {
        return new DataUrlDataset();
    }

    @Override
    protected DatasetSource source() {
        return DatasetSource.uri("data:application/jsonl;base64,"
                + Base64.getEncoder().encodeToString(DatasetRows.JSONL.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    protected List<Map<String, Object>> expectedRows() {
        return DatasetRows.ROWS;
    }
}
