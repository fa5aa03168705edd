package dev.evals4j.hf;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Hub dataset holds: its configs and splits, with row counts where the dataset card declares them, and where
 * its rows are read from.
 *
 * @param repo the dataset id, such as {@code TIGER-Lab/MMLU-Pro}
 * @param revision the revision asked for, such as {@code main}
 * @param commit the commit the rows are read at (for the Parquet export, the export's commit)
 * @param source {@code repository files} when the dataset's own data files are read, {@code parquet export} when
 *     the Hub's conversion to Parquet ({@code refs/convert/parquet}) is
 * @param gated {@code false}, or how access is granted: {@code auto} or {@code manual}
 * @param defaultConfig the config read when a URI names none, when there is one
 * @param splits every split of every config
 */
public record HubDataset(
        String repo,
        String revision,
        String commit,
        String source,
        String gated,
        Optional<String> defaultConfig,
        List<HubSplit> splits) {
    public HubDataset {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(gated, "gated");
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        splits = List.copyOf(splits);
    }

    /** The config names, in order. */
    public List<String> configs() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (HubSplit s : splits) {
            names.add(s.config());
        }
        return List.copyOf(names);
    }

    /** The splits of one config, in order. */
    public List<HubSplit> splitsOf(String config) {
        return splits.stream().filter(s -> s.config().equals(config)).toList();
    }
}
