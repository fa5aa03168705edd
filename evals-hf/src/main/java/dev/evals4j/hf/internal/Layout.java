package dev.evals4j.hf.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the rows of every split of a dataset are, at one commit: in the repository's own data files or in the
 * Hub's Parquet export.
 *
 * @param source {@link #REPOSITORY} or {@link #PARQUET_EXPORT}
 * @param commit the commit the files belong to
 * @param defaultConfig the config read when none is given, when the dataset has one
 * @param splits every split of every config, configs in the card's order (else sorted), splits likewise
 */
public record Layout(String source, String commit, Optional<String> defaultConfig, List<SplitFiles> splits) {
    /** The rows are in the repository's own files at the requested revision. */
    public static final String REPOSITORY = "repository files";
    /** The rows are in the Hub's conversion of the dataset to Parquet, the branch {@code refs/convert/parquet}. */
    public static final String PARQUET_EXPORT = "parquet export";

    public Layout {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        splits = List.copyOf(splits);
    }

    /** The config names, in order. */
    public List<String> configs() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (SplitFiles s : splits) {
            names.add(s.config());
        }
        return List.copyOf(names);
    }

    /** The splits of one config, in order. */
    public List<SplitFiles> splitsOf(String config) {
        List<SplitFiles> out = new ArrayList<>();
        for (SplitFiles s : splits) {
            if (s.config().equals(config)) {
                out.add(s);
            }
        }
        return out;
    }
}
