package dev.evals4j.hf.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.DatasetLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code GET /api/datasets/{repo}/revision/{revision}?blobs=true} says about a dataset: the commit the
 * revision points to, its files and its card's metadata.
 *
 * @param repo the dataset id as asked for
 * @param revision the revision as asked for
 * @param commit the commit sha the revision resolved to
 * @param gated {@code false}, {@code auto} or {@code manual}
 * @param files the repository's files at that commit
 * @param cardData the YAML header of the dataset card, as JSON; a missing node when there is none
 */
public record RepoInfo(
        String repo, String revision, String commit, String gated, List<RepoFile> files, JsonNode cardData) {
    public RepoInfo {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(gated, "gated");
        files = List.copyOf(files);
        Objects.requireNonNull(cardData, "cardData");
    }

    /**
     * Reads the Hub's JSON answer.
     *
     * @throws DatasetLoadException when it has no commit sha, or the dataset is disabled
     */
    public static RepoInfo parse(String repo, String revision, JsonNode json) {
        String sha = json.path("sha").asText("");
        if (json.path("disabled").asBoolean(false)) {
            throw new DatasetLoadException("the dataset " + repo + " is disabled on the Hub");
        }
        if (sha.isEmpty()) {
            throw new DatasetLoadException("the Hub's answer about " + repo + " at revision " + revision
                    + " has no commit sha; is the endpoint a Hugging Face Hub?");
        }
        List<RepoFile> files = new ArrayList<>();
        for (JsonNode sibling : json.path("siblings")) {
            String path = sibling.path("rfilename").asText("");
            if (path.isEmpty()) {
                continue;
            }
            JsonNode lfs = sibling.path("lfs");
            Optional<String> etag = lfs.hasNonNull("sha256")
                    ? Optional.of(lfs.get("sha256").asText())
                    : sibling.hasNonNull("blobId")
                            ? Optional.of(sibling.get("blobId").asText())
                            : Optional.empty();
            long size = sibling.hasNonNull("size")
                    ? sibling.get("size").asLong()
                    : lfs.path("size").asLong(-1);
            files.add(new RepoFile(path, size, etag));
        }
        JsonNode gated = json.path("gated");
        return new RepoInfo(
                repo,
                revision,
                sha,
                gated.isMissingNode() || gated.isNull() ? "false" : gated.asText(),
                files,
                json.path("cardData"));
    }
}
