package dev.evals4j.api;

import java.util.List;
import java.util.Map;

/** One page of rows from {@link DatasetsApi#iterRows}, and whether more rows follow. */
public record RowPage(List<Map<String, Object>> data, boolean hasMore) {
    public RowPage {
        data = data.stream().map(JsonValues::copyRow).toList();
    }
}
