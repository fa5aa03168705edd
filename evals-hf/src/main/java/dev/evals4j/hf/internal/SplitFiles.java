package dev.evals4j.hf.internal;

import java.util.List;
import java.util.Objects;

/**
 * The files that hold one split of one config, all in one format.
 *
 * @param config the config (subset) name
 * @param split the split name
 * @param format {@code parquet}, {@code jsonl}, {@code json} or {@code csv}
 * @param files the files, in reading order
 * @param partial whether the Hub's Parquet export holds only the first part of the split (it stops at about 5 GB)
 */
public record SplitFiles(String config, String split, String format, List<RepoFile> files, boolean partial) {
    public SplitFiles {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(format, "format");
        files = List.copyOf(files);
    }

    /** The total size of the files, or -1 when a size is unknown. */
    public long bytes() {
        long total = 0;
        for (RepoFile f : files) {
            if (f.size() < 0) {
                return -1;
            }
            total += f.size();
        }
        return total;
    }
}
