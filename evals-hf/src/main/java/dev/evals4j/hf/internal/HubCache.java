package dev.evals4j.hf.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The cache folder, in the layout of {@code huggingface_hub} so that its tools (and, with {@code HF_HUB_CACHE}
 * shared, Python) see the same files: {@code datasets--{owner}--{name}/} holds {@code blobs/{etag}},
 * {@code snapshots/{commit}/{path}} (a relative link to the blob, or a copy where links are not allowed) and
 * {@code refs/{revision}} (the commit). evals4j adds {@code evals4j/info/{revision}.json}, the Hub's last answer
 * about a revision, which is what offline mode reads. Files appear atomically, so concurrent readers never see a
 * half-written one.
 */
public final class HubCache {
    private final Path root;

    /** A cache under this folder, created when first written. */
    public HubCache(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** The cache's folder. */
    public Path root() {
        return root;
    }

    /** The folder of one dataset: {@code datasets--owner--name}. */
    public Path repoDir(String repo) {
        return root.resolve("datasets--" + repo.replace("/", "--"));
    }

    /** Where a file of a commit appears. */
    public Path snapshot(String repo, String commit, String path) {
        return safeResolve(repoDir(repo).resolve("snapshots").resolve(commit), path);
    }

    /** The folder of a commit's files. */
    public Path snapshotDir(String repo, String commit) {
        return repoDir(repo).resolve("snapshots").resolve(commit);
    }

    /** Where a file's content is stored, by its ETag. */
    public Path blob(String repo, String etag) {
        if (!etag.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("not a usable ETag: " + etag);
        }
        return repoDir(repo).resolve("blobs").resolve(etag);
    }

    /** Where the Hub's last answer about a revision is kept. */
    public Path infoFile(String repo, String revision) {
        return repoDir(repo)
                .resolve("evals4j")
                .resolve("info")
                .resolve(URLEncoder.encode(revision, StandardCharsets.UTF_8) + ".json");
    }

    /** The commit a revision pointed to when last seen. */
    public Optional<String> ref(String repo, String revision) {
        Path file = safeResolve(repoDir(repo).resolve("refs"), revision);
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file).strip())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Records the commit a revision points to. */
    public void writeRef(String repo, String revision, String commit) throws IOException {
        write(safeResolve(repoDir(repo).resolve("refs"), revision), commit.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a file atomically: to a temporary name beside it, then renamed. */
    public void write(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".incomplete");
        try {
            Files.write(temp, content);
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A temporary file beside a blob, to download into before {@link #commitBlob}. */
    public Path incompleteBlob(String repo, String name) throws IOException {
        Path blobs = repoDir(repo).resolve("blobs");
        Files.createDirectories(blobs);
        return blobs.resolve(name + "." + UUID.randomUUID() + ".incomplete");
    }

    /** Renames a finished download to its blob name. */
    public Path commitBlob(Path incomplete, String repo, String etag) throws IOException {
        Path blob = blob(repo, etag);
        move(incomplete, blob);
        return blob;
    }

    /** Makes a commit's file point at a blob: a relative link as {@code huggingface_hub} makes, else a copy. */
    public Path linkSnapshot(Path snapshot, Path blob) throws IOException {
        Files.createDirectories(snapshot.getParent());
        Path relative = snapshot.getParent().relativize(blob);
        Path temp = snapshot.resolveSibling(snapshot.getFileName() + "." + UUID.randomUUID() + ".incomplete");
        try {
            try {
                Files.createSymbolicLink(temp, relative);
            } catch (UnsupportedOperationException | IOException | SecurityException e) {
                // Windows without the privilege to link, or a file system without links
                Files.copy(blob, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            move(temp, snapshot);
        } finally {
            Files.deleteIfExists(temp);
        }
        return snapshot;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            // another process finished the same file first; its content is the same
        }
    }

    /** Resolves a repository path under a folder, refusing one that would leave it. */
    private static Path safeResolve(Path dir, String path) {
        Path resolved = dir.resolve(path).normalize();
        if (path.startsWith("/") || path.contains("\\") || !resolved.startsWith(dir)) {
            throw new IllegalArgumentException("a repository path must stay inside the repository, was '" + path + "'");
        }
        return resolved;
    }
}
