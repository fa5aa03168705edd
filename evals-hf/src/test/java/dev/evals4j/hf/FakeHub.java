package dev.evals4j.hf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evals4j.core.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * A fake Hugging Face Hub on two loopback servers — the Hub and the storage its downloads redirect to — answering
 * with the real Hub's shapes: {@code /api/datasets/{repo}/revision/{rev}?blobs=true} with {@code sha},
 * {@code siblings} and {@code cardData}; {@code /datasets/{repo}/resolve/{commit}/{path}} answering 302 to a signed
 * storage URL for LFS files (Parquet) and 307 to a relative {@code /api/resolve-cache/…} for small files, with
 * {@code X-Repo-Commit}, {@code X-Linked-Etag} and {@code X-Linked-Size}; the error headers
 * {@code X-Error-Code}/{@code X-Error-Message} with a {@code {"error": …}} body; 401 to anonymous callers for
 * missing and private repositories. Failures can be queued before any path.
 */
public final class FakeHub implements AutoCloseable {
    public static final String TOKEN = "hf_testtoken123";

    final MockWebServer hub = new MockWebServer();
    final MockWebServer storage = new MockWebServer();
    final List<RecordedRequest> hubRequests = new CopyOnWriteArrayList<>();
    final List<RecordedRequest> storageRequests = new CopyOnWriteArrayList<>();

    private final Map<String, Map<String, Commit>> repos = new LinkedHashMap<>();
    private final Map<String, byte[]> blobs = new LinkedHashMap<>();
    private final Set<String> gated = new HashSet<>();
    private final Set<String> privateRepos = new HashSet<>();
    private final Map<String, Deque<MockResponse>> failures = new LinkedHashMap<>();

    /** One commit of a repository: its files and its card's metadata (as JSON). */
    public record Commit(String sha, Map<String, byte[]> files, String cardData) {}

    public FakeHub() {
        hub.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                hubRequests.add(request);
                return answerHub(request);
            }
        });
        storage.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                storageRequests.add(request);
                return answerStorage(request);
            }
        });
        try {
            hub.start();
            storage.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Hub's URL, as HF_ENDPOINT would hold it. */
    public String endpoint() {
        String url = hub.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    /** Adds a revision of a dataset; the sha is made from the repository and revision names. */
    public synchronized Commit put(String repo, String revision, Map<String, byte[]> files, String cardData) {
        String sha = sha1((repo + "@" + revision).getBytes(StandardCharsets.UTF_8));
        Commit commit = new Commit(sha, new LinkedHashMap<>(files), cardData);
        repos.computeIfAbsent(repo, k -> new LinkedHashMap<>()).put(revision, commit);
        for (byte[] content : files.values()) {
            blobs.put(sha256(content), content);
        }
        return commit;
    }

    synchronized void gate(String repo) {
        gated.add(repo);
    }

    synchronized void makePrivate(String repo) {
        privateRepos.add(repo);
    }

    /** Answers the next requests whose path starts with the prefix with these responses, in order. */
    synchronized void failNext(String pathPrefix, MockResponse... responses) {
        failures.computeIfAbsent(pathPrefix, k -> new ArrayDeque<>()).addAll(List.of(responses));
    }

    /** The dataset that {@link #publishQaExport()} publishes. */
    public static final String QA_REPO = "llamastack/evals-qa";

    /**
     * Publishes {@link #QA_REPO}: a repository with only a loading script on main, whose 5 rows (split {@code test},
     * in two Parquet files) are in the Hub's Parquet export.
     */
    public void publishQaExport() {
        put(QA_REPO, "main", Map.of("qa.py", "# a loading script".getBytes(StandardCharsets.UTF_8)), null);
        put(
                QA_REPO,
                HubClient.PARQUET_EXPORT_REVISION,
                Map.of(
                        "default/test/0000.parquet", fixture("qa-0000.parquet"),
                        "default/test/0001.parquet", fixture("qa-0001.parquet")),
                null);
    }

    /** A Parquet file of the test resources ({@code parquet/NAME}), read from the class path. */
    public static byte[] fixture(String name) {
        try (java.io.InputStream in = FakeHub.class.getResourceAsStream("/parquet/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test fixture parquet/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MockResponse error(int code, String errorCode, String message) {
        MockResponse.Builder b = new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json; charset=utf-8")
                .addHeader("X-Request-Id", "Root=1-fake")
                .body(Json.write(Map.of("error", message)));
        if (errorCode != null) {
            b.addHeader("X-Error-Code", errorCode).addHeader("X-Error-Message", message);
        }
        return b.build();
    }

    private synchronized MockResponse answerHub(RecordedRequest request) {
        HttpUrl url = request.getUrl();
        String path = url.encodedPath();
        for (Map.Entry<String, Deque<MockResponse>> f : failures.entrySet()) {
            if (path.startsWith(f.getKey()) && !f.getValue().isEmpty()) {
                return f.getValue().poll();
            }
        }
        boolean authorized = ("Bearer " + TOKEN).equals(request.getHeaders().get("Authorization"));
        List<String> segments = url.pathSegments();
        if (segments.size() >= 6
                && segments.get(0).equals("api")
                && segments.get(1).equals("datasets")
                && segments.get(4).equals("revision")) {
            String repo = segments.get(2) + "/" + segments.get(3);
            String revision = decode(String.join("/", segments.subList(5, segments.size())));
            return info(repo, revision, authorized);
        }
        if (segments.size() >= 6
                && segments.get(0).equals("datasets")
                && segments.get(3).equals("resolve")) {
            String repo = segments.get(1) + "/" + segments.get(2);
            String commit = decode(segments.get(4));
            String file = String.join("/", segments.subList(5, segments.size()));
            return resolve(repo, commit, file, authorized);
        }
        if (segments.size() >= 6
                && segments.get(0).equals("api")
                && segments.get(1).equals("resolve-cache")) {
            String repo = segments.get(3) + "/" + segments.get(4);
            String commit = segments.get(5);
            String file = String.join("/", segments.subList(6, segments.size()));
            byte[] content = find(repo, commit).files().get(file);
            return new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", "text/plain; charset=utf-8")
                    .addHeader("ETag", "\"" + gitBlobId(content) + "\"")
                    .body(new Buffer().write(content))
                    .build();
        }
        return error(404, null, "Sorry, we can't find the page you are looking for.");
    }

    private MockResponse info(String repo, String revision, boolean authorized) {
        Map<String, Commit> revisions = repos.get(repo);
        if (revisions == null || privateRepos.contains(repo) && !authorized) {
            return authorized
                    ? error(404, "RepoNotFound", "Repository not found")
                    : error(401, null, "Invalid username or password.");
        }
        Commit commit = revisions.get(revision);
        if (commit == null) {
            return error(404, "RevisionNotFound", "Invalid rev id: " + revision);
        }
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("_id", "621ffdd236468d709f181e3f");
        json.put("id", repo);
        json.put("author", repo.substring(0, repo.indexOf('/')));
        json.put("sha", commit.sha());
        json.put("lastModified", "2024-07-11T13:15:41.000Z");
        json.put("private", privateRepos.contains(repo));
        if (gated.contains(repo)) {
            json.put("gated", "manual");
        } else {
            json.put("gated", false);
        }
        json.put("disabled", false);
        json.put("downloads", 41865);
        json.put("likes", 311);
        json.putArray("tags").add("task_categories:question-answering").add("format:parquet");
        try {
            json.set("cardData", Json.MAPPER.readTree(commit.cardData() == null ? "{}" : commit.cardData()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ArrayNode siblings = json.putArray("siblings");
        for (Map.Entry<String, byte[]> file : commit.files().entrySet()) {
            ObjectNode sibling = siblings.addObject();
            sibling.put("rfilename", file.getKey());
            sibling.put("size", file.getValue().length);
            sibling.put("blobId", gitBlobId(file.getValue()));
            if (isLfs(file.getKey())) {
                ObjectNode lfs = sibling.putObject("lfs");
                lfs.put("sha256", sha256(file.getValue()));
                lfs.put("size", file.getValue().length);
                lfs.put("pointerSize", 134);
            }
        }
        json.put("createdAt", "2024-05-08T13:44:13.000Z");
        json.put("usedStorage", 12345);
        return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json; charset=utf-8")
                .addHeader("X-Request-Id", "Root=1-fake")
                .body(Json.write(json))
                .build();
    }

    private MockResponse resolve(String repo, String commitSha, String file, boolean authorized) {
        if (gated.contains(repo) && !authorized) {
            return error(
                    401,
                    "GatedRepo",
                    "Access to dataset " + repo + " is restricted. You must have access to it and"
                            + " be authenticated to access it. Please log in.");
        }
        Commit commit = find(repo, commitSha);
        byte[] content = commit == null ? null : commit.files().get(file);
        if (content == null) {
            MockResponse.Builder b = new MockResponse.Builder()
                    .code(404)
                    .addHeader("X-Error-Code", "EntryNotFound")
                    .addHeader("X-Error-Message", "Entry not found")
                    .body("{\"error\":\"Entry not found\"}");
            if (commit != null) {
                b.addHeader("X-Repo-Commit", commit.sha());
            }
            return b.build();
        }
        if (isLfs(file)) {
            String sha = sha256(content);
            String location = storage.url("/xet-bridge-us/" + commitSha.substring(0, 8) + "/" + sha)
                    .newBuilder()
                    .addQueryParameter("X-Xet-Signed-Range", "bytes=0-" + (content.length - 1))
                    .addQueryParameter("Expires", "1893456000")
                    .addQueryParameter("Signature", "fake~sig")
                    .addQueryParameter("Key-Pair-Id", "K2L8F4GPSG1IFC")
                    .build()
                    .toString();
            return new MockResponse.Builder()
                    .code(302)
                    .addHeader("Location", location)
                    .addHeader("X-Repo-Commit", commit.sha())
                    .addHeader("X-Linked-Size", String.valueOf(content.length))
                    .addHeader("X-Linked-ETag", "\"" + sha + "\"")
                    .addHeader("ETag", "W/\"2f-" + sha.substring(0, 16) + "\"")
                    .addHeader("Accept-Ranges", "bytes")
                    .addHeader(
                            "Link",
                            "<" + endpoint() + "/api/datasets/" + repo + "/xet-read-token/" + commit.sha()
                                    + ">; rel=\"xet-auth\"")
                    .addHeader("Content-Type", "text/plain; charset=utf-8")
                    .body("Found. Redirecting to " + location)
                    .build();
        }
        String blobId = gitBlobId(content);
        String location = "/api/resolve-cache/datasets/" + repo + "/" + commit.sha() + "/" + file
                + "?%2Fdatasets%2F" + repo.replace("/", "%2F") + "%2Fresolve%2F" + commit.sha() + "%2F"
                + file.replace("/", "%2F") + "=&etag=%22" + blobId + "%22";
        return new MockResponse.Builder()
                .code(307)
                .addHeader("Location", location)
                .addHeader("X-Repo-Commit", commit.sha())
                .addHeader("X-Linked-Size", String.valueOf(content.length))
                .addHeader("X-Linked-ETag", "\"" + blobId + "\"")
                .addHeader("Content-Type", "text/plain; charset=utf-8")
                .body("Temporary Redirect. Redirecting to " + location)
                .build();
    }

    private synchronized MockResponse answerStorage(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        for (Map.Entry<String, Deque<MockResponse>> f : failures.entrySet()) {
            if (f.getKey().startsWith("storage:")
                    && path.startsWith(f.getKey().substring(8))
                    && !f.getValue().isEmpty()) {
                return f.getValue().poll();
            }
        }
        String sha = path.substring(path.lastIndexOf('/') + 1);
        byte[] content = blobs.get(sha);
        if (content == null) {
            return new MockResponse.Builder()
                    .code(403)
                    .body("<?xml version=\"1.0\"?><Error>AccessDenied</Error>")
                    .build();
        }
        return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/octet-stream")
                .addHeader("ETag", "\"" + sha + "\"")
                .body(new Buffer().write(content))
                .build();
    }

    private Commit find(String repo, String commitOrRevision) {
        Map<String, Commit> revisions = repos.getOrDefault(repo, Map.of());
        for (Map.Entry<String, Commit> e : revisions.entrySet()) {
            if (e.getValue().sha().equals(commitOrRevision) || e.getKey().equals(commitOrRevision)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean isLfs(String path) {
        return path.endsWith(".parquet");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] content) {
        return digest("SHA-256", content);
    }

    static String sha1(byte[] content) {
        return digest("SHA-1", content);
    }

    /** Git's blob id: the sha1 of {@code blob <length>\0<content>}. */
    static String gitBlobId(byte[] content) {
        byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[header.length + content.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(content, 0, all, header.length, content.length);
        return sha1(all);
    }

    private static String digest(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hub requests' paths (with queries), in order. */
    List<String> hubPaths() {
        List<String> out = new ArrayList<>();
        for (RecordedRequest r : hubRequests) {
            out.add(r.getTarget());
        }
        return out;
    }

    @Override
    public void close() {
        hub.close();
        storage.close();
    }
}
