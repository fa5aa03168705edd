package dev.evals4j.hf.internal;

import java.util.Objects;
import java.util.Optional;

/**
 * One file of a repository at a commit, as the Hub lists it.
 *
 * @param path the path in the repository, with {@code /} separators
 * @param size its size in bytes, or -1 when the listing did not say
 * @param etag what the Hub will send as its ETag — the sha256 of an LFS file, the git blob id otherwise — when known
 */
public record RepoFile(String path, long size, Optional<String> etag) {
    public RepoFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(etag, "etag");
    }
}
