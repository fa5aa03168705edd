package dev.evals4j.hf;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One split of one config of a Hub dataset, as {@link HubClient#describe} finds it.
 *
 * @param config the config (subset), such as {@code default}
 * @param split the split, such as {@code test}
 * @param rows the number of rows, when the dataset card declares it
 * @param downloadBytes the total size of the split's files, when the Hub lists their sizes
 * @param format the files' format: {@code parquet}, {@code jsonl}, {@code json} or {@code csv}
 * @param files the paths of the files in the repository (or in the Parquet export), in reading order
 * @param partial whether the Parquet export holds only the first part of the split (about 5 GB)
 */
public record HubSplit(
        String config,
        String split,
        OptionalLong rows,
        OptionalLong downloadBytes,
        String format,
        List<String> files,
        boolean partial) {
    public HubSplit {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(downloadBytes, "downloadBytes");
        Objects.requireNonNull(format, "format");
        files = List.copyOf(files);
    }

    /** The URI that reads this split, at the given revision or the main branch when null. */
    public String uri(String repo, String revision) {
        return "hf://datasets/" + repo + "?config=" + config + "&split=" + split
                + (revision == null || revision.equals("main") ? "" : "&revision=" + revision);
    }
}
