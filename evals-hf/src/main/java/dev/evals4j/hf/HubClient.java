package dev.evals4j.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.Progress;
import dev.evals4j.api.ProgressListener;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.EvalsVersion;
import dev.evals4j.core.http.HttpClients;
import dev.evals4j.core.http.RetryPolicy;
import dev.evals4j.core.http.TimeSource;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.internal.KnownSecrets;
import dev.evals4j.core.internal.ProcessDefaults;
import dev.evals4j.hf.HubHttp.Answer;
import dev.evals4j.hf.HubHttp.HubAnswerException;
import dev.evals4j.hf.HubHttp.Target;
import dev.evals4j.hf.internal.DataFiles;
import dev.evals4j.hf.internal.HubCache;
import dev.evals4j.hf.internal.Layout;
import dev.evals4j.hf.internal.RepoFile;
import dev.evals4j.hf.internal.RepoInfo;
import dev.evals4j.hf.internal.SplitFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Hugging Face Hub's datasets: describes a dataset's configs and splits, downloads files into a
 * local cache and reads a split's rows. Immutable and thread-safe; derive a changed copy with {@link #toBuilder()}.
 *
 * <p>Settings come from the builder, else from the environment as {@code huggingface_hub} reads it:
 * {@code HF_ENDPOINT} (a mirror; default {@code https://huggingface.co}), {@code HF_TOKEN} (then
 * {@code HUGGING_FACE_HUB_TOKEN}, then the token file {@code huggingface-cli login} writes), {@code HF_HUB_CACHE}
 * or {@code HF_HOME} (else {@code ~/.cache/evals4j/hf}) and {@code HF_HUB_OFFLINE}. The token is sent only to the
 * endpoint's own origin, never to the storage a download is redirected to.
 *
 * <pre>{@code
 * HubClient hub = HubClient.builder().build();
 * for (HubSplit split : hub.describe("TIGER-Lab/MMLU-Pro").splits()) { ... }
 * try (RowReader rows = hub.open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test")) { ... }
 * }</pre>
 */
public final class HubClient {
    /** The branch where the Hub keeps its conversion of a dataset to Parquet. */
    public static final String PARQUET_EXPORT_REVISION = "refs/convert/parquet";
    /** The public Hub. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
    private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

    private final Builder settings;
    private final HttpUrl endpoint;
    private final Optional<String> token;
    private final HubCache cache;
    private final boolean offline;
    private final String offlineSource;
    private final ProgressListener progress;
    private final HubHttp http;

    private HubClient(
            Builder b, HttpUrl endpoint, Optional<String> token, Path cacheDir, boolean offline, String offlineSource) {
        this.settings = b.copy();
        this.endpoint = endpoint;
        this.token = token;
        this.cache = new HubCache(cacheDir);
        this.offline = offline;
        this.offlineSource = offlineSource;
        this.progress = b.progress;
        this.http = new HubHttp(
                b.httpClient != null ? b.httpClient : HttpClients.shared(),
                endpoint,
                token,
                b.retryPolicy,
                b.time,
                "evals4j/" + EvalsVersion.get() + "; java/" + System.getProperty("java.version"));
    }

    /** A new builder, reading unset settings from the process environment. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A new builder for an evals4j instance: unset settings are read from the instance's environment, the cache is
     * {@code <the instance's cache folder>/hf} unless {@code HF_HUB_CACHE} or {@code HF_HOME} say otherwise, and
     * requests go through the instance's HTTP pool.
     */
    public static Builder builder(PluginContext context) {
        Builder b = new Builder().environment(context.environment()).httpClient(HttpClients.of(context));
        b.defaultCacheDir = context.cacheDir().resolve("hf");
        return b;
    }

    /**
     * The Hub client of an evals4j instance, shared by its plugins: the one the instance was built with
     * ({@code Evals.builder().resource(HubClient.class, …)}), else one from {@link #builder(PluginContext)}.
     */
    public static HubClient of(PluginContext context) {
        return context.shared(HubClient.class, () -> builder(context).build());
    }

    /** A builder with this client's settings. */
    public Builder toBuilder() {
        return settings.copy();
    }

    /** The Hub's base URL, such as {@code https://huggingface.co}. */
    public String endpoint() {
        String url = endpoint.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The cache folder. */
    public Path cacheDir() {
        return cache.root();
    }

    /** Whether the client reads only the cache. */
    public boolean offline() {
        return offline;
    }

    /** Whether a token is configured; the token itself is never exposed. */
    public boolean hasToken() {
        return token.isPresent();
    }

    @Override
    public String toString() {
        return "HubClient[endpoint=" + endpoint() + ", cache=" + cacheDir() + ", offline=" + offline + ", token="
                + (token.isPresent() ? "set" : "none") + "]";
    }

    /**
     * Describes a dataset at its main branch: its configs and splits and where their rows come from.
     *
     * @throws DatasetLoadException when the Hub (or, offline, the cache) cannot tell; the message says why
     */
    public HubDataset describe(String repo) {
        return describe(repo, "main");
    }

    /** Describes a dataset at a revision (a branch, tag or commit); see {@link #describe(String)}. */
    public HubDataset describe(String repo, String revision) {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(revision, "revision");
        HfUri uri = new HfUri(repo, Optional.empty(), Optional.empty(), Optional.of(revision));
        Resolved resolved = resolve(uri);
        Map<String, Map<String, long[]>> declared =
                DataFiles.declaredSizes(resolved.info().cardData());
        List<HubSplit> splits = new ArrayList<>();
        for (SplitFiles s : resolved.layout().splits()) {
            long[] sizes = declared.getOrDefault(s.config(), Map.of()).get(s.split());
            long bytes = s.bytes();
            splits.add(new HubSplit(
                    s.config(),
                    s.split(),
                    sizes != null && sizes[0] >= 0 ? OptionalLong.of(sizes[0]) : OptionalLong.empty(),
                    bytes >= 0 ? OptionalLong.of(bytes) : OptionalLong.empty(),
                    s.format(),
                    s.files().stream().map(RepoFile::path).toList(),
                    s.partial()));
        }
        return new HubDataset(
                repo,
                revision,
                resolved.layout().commit(),
                resolved.layout().source(),
                resolved.info().gated(),
                resolved.layout().defaultConfig(),
                splits);
    }

    /** Reads the rows of a split named by an {@code hf://} or {@code huggingface://} URI; see {@link #open(HfUri)}. */
    public RowReader open(String uri) {
        return open(HfUri.parse(uri));
    }

    /**
     * Reads the rows of a split: downloads its files into the cache (or finds them there), then streams them one
     * file and, for Parquet, one row group at a time. The caller closes the reader.
     *
     * @throws DatasetLoadException when the dataset, config, split or files cannot be had; the message says which
     *     and, for gated or private datasets and offline mode, what to do
     */
    public RowReader open(HfUri uri) {
        Objects.requireNonNull(uri, "uri");
        Resolved resolved = resolve(uri);
        SplitFiles split = select(resolved.layout(), uri);
        if (split.partial()) {
            LOG.warn(
                    "{}: the Hub's Parquet export holds only the first part of the split {} (it stops at about 5 GB)",
                    uri,
                    split.split());
        }
        List<Path> local = fetch(
                uri.repo(),
                resolved.layout().commit(),
                split.files(),
                "the split " + split.split() + " of the config " + split.config());
        return new SplitRowReader(
                uri.repo(),
                split.format(),
                split.files().stream().map(RepoFile::path).toList(),
                local);
    }

    /**
     * Downloads one file of a dataset into the cache, or finds it there, and returns its path.
     *
     * @param revision a branch, tag or commit
     * @param path the file's path in the repository
     */
    public Path download(String repo, String revision, String path) {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(path, "path");
        RepoInfo info = info(repo, revision);
        RepoFile file = info.files().stream()
                .filter(f -> f.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new DatasetLoadException("cannot download " + repo + " " + path + ": the dataset has"
                        + " no such file at revision " + revision));
        return fetch(repo, info.commit(), List.of(file), path).get(0);
    }

    /** The dataset's info at the revision asked for, and the layout its rows are read from. */
    private record Resolved(RepoInfo info, Layout layout) {}

    private Resolved resolve(HfUri uri) {
        String revision = uri.revision().orElse("main");
        RepoInfo info = info(uri.repo(), revision);
        if (revision.equals(PARQUET_EXPORT_REVISION)) {
            return new Resolved(info, DataFiles.fromExport(info, Optional.empty()));
        }
        DataFiles.Choice choice = DataFiles.fromRepository(info);
        if (choice.layout().isPresent()) {
            return new Resolved(info, choice.layout().get());
        }
        if (!revision.equals("main")) {
            throw new DatasetLoadException("cannot read " + uri + ": at revision " + revision + " " + choice.reason()
                    + " that evals4j reads, and the Hub's Parquet export covers only the main branch");
        }
        RepoInfo export;
        try {
            export = info(uri.repo(), PARQUET_EXPORT_REVISION);
        } catch (HubAnswerException e) {
            if (e.status() == 404) {
                throw new DatasetLoadException(
                        "cannot read " + uri + ": " + choice.reason()
                                + " that evals4j reads (parquet, jsonl, json, csv), and the Hub has no Parquet export of it",
                        e);
            }
            throw e;
        }
        return new Resolved(info, DataFiles.fromExport(export, defaultFromCard(info.cardData())));
    }

    private static Optional<String> defaultFromCard(JsonNode cardData) {
        for (JsonNode config : cardData.path("configs")) {
            if (config.path("default").asBoolean(false)) {
                return Optional.of(config.path("config_name").asText("default"));
            }
        }
        return Optional.empty();
    }

    private SplitFiles select(Layout layout, HfUri uri) {
        List<String> configs = layout.configs();
        String config = uri.config()
                .or(layout::defaultConfig)
                .orElseThrow(() -> new DatasetLoadException(
                        "cannot read " + uri + ": " + uri.repo() + " has the configs " + String.join(", ", configs)
                                + " and none is the default; choose one with ?config=NAME"));
        List<SplitFiles> splits = layout.splitsOf(config);
        if (splits.isEmpty()) {
            throw new DatasetLoadException("cannot read " + uri + ": " + uri.repo() + " has no config '" + config
                    + "'; its configs: " + String.join(", ", configs));
        }
        List<String> names = splits.stream().map(SplitFiles::split).toList();
        if (uri.split().isEmpty()) {
            if (splits.size() == 1) {
                return splits.get(0);
            }
            throw new DatasetLoadException("cannot read " + uri + ": the config " + config + " of " + uri.repo()
                    + " has the splits " + String.join(", ", names) + "; choose one with ?split=NAME");
        }
        return splits.stream()
                .filter(s -> s.split().equals(uri.split().get()))
                .findFirst()
                .orElseThrow(() -> new DatasetLoadException("cannot read " + uri + ": the config " + config + " of "
                        + uri.repo() + " has no split '" + uri.split().get() + "'; its splits: "
                        + String.join(", ", names)));
    }

    /** The Hub's info at a revision, from the Hub (kept in the cache) or, offline, from the cache. */
    private RepoInfo info(String repo, String revision) {
        Path cached = cache.infoFile(repo, revision);
        if (offline) {
            if (!Files.isRegularFile(cached)) {
                throw new DatasetLoadException("cannot read " + repo + " at revision " + revision + " offline ("
                        + offlineSource + "): the cache has no record of it; missing: " + cached + ". Read it once"
                        + " online (unset HF_HUB_OFFLINE) to cache it");
            }
            return readInfo(repo, revision, cached);
        }
        HttpUrl url = endpoint.newBuilder()
                .addPathSegments("api/datasets")
                .addPathSegments(repo)
                .addPathSegment("revision")
                .addPathSegment(revision)
                .addQueryParameter("blobs", "true")
                .build();
        Target target = new Target(
                "get the info of " + repo + " at revision " + revision + " from " + endpoint(),
                repo,
                revision,
                Optional.empty());
        byte[] body;
        try {
            body = http.get(url, target, answer -> answer.response().body().bytes());
        } catch (HubAnswerException e) {
            if (e.isTransient() && Files.isRegularFile(cached)) {
                LOG.warn("Using the cached info of {} at revision {}: {}", repo, revision, e.getMessage());
                return readInfo(repo, revision, cached);
            }
            throw e;
        }
        RepoInfo info;
        try {
            info = RepoInfo.parse(repo, revision, Json.MAPPER.readTree(body));
        } catch (IOException e) {
            throw new DatasetLoadException("cannot " + target.action() + ": the answer is not JSON", e);
        }
        try {
            cache.write(cached, body);
            cache.writeRef(repo, revision, info.commit());
        } catch (IOException e) {
            LOG.warn("Cannot cache the info of {} in {}", repo, cached, e);
        }
        return info;
    }

    private static RepoInfo readInfo(String repo, String revision, Path file) {
        try {
            return RepoInfo.parse(repo, revision, Json.MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            throw new DatasetLoadException(
                    "cannot read the cached info of " + repo + " at " + file + ": " + HubHttp.describe(e), e);
        }
    }

    /** The local paths of files of a commit: from the cache, else downloaded (never, offline). */
    private List<Path> fetch(String repo, String commit, List<RepoFile> files, String what) {
        List<RepoFile> missing = new ArrayList<>();
        for (RepoFile f : files) {
            if (!Files.exists(cache.snapshot(repo, commit, f.path()))) {
                missing.add(f);
            }
        }
        if (offline && !missing.isEmpty()) {
            List<String> names = missing.stream().map(RepoFile::path).toList();
            throw new DatasetLoadException("cannot read " + what + " of " + repo + " offline (" + offlineSource
                    + "): the cache lacks " + missing.size() + " of its " + files.size() + " files at commit "
                    + commit + ": " + String.join(", ", names) + " (expected under "
                    + cache.snapshotDir(repo, commit) + "). Read it once online (unset HF_HUB_OFFLINE) to cache them");
        }
        for (RepoFile f : missing) {
            downloadFile(repo, commit, f);
        }
        return files.stream().map(f -> cache.snapshot(repo, commit, f.path())).toList();
    }

    private Path downloadFile(String repo, String commit, RepoFile file) {
        Path snapshot = cache.snapshot(repo, commit, file.path());
        try {
            if (file.etag().isPresent()
                    && Files.isRegularFile(cache.blob(repo, file.etag().get()))) {
                return cache.linkSnapshot(snapshot, cache.blob(repo, file.etag().get()));
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("Cannot reuse the blob of {} {}; downloading it", repo, file.path(), e);
        }
        HttpUrl url = endpoint.newBuilder()
                .addPathSegment("datasets")
                .addPathSegments(repo)
                .addPathSegment("resolve")
                .addPathSegment(commit)
                .addPathSegments(file.path())
                .build();
        Target target = new Target("download " + repo + " " + file.path(), repo, commit, Optional.of(file.path()));
        // a download cut short fails its attempt and is retried with the others, in the one retry loop
        Path blob = http.get(url, target, answer -> {
            String etag = etag(answer).or(file::etag).orElse(null);
            long total = size(answer).orElse(file.size());
            return receive(repo, file.path(), answer, etag, total);
        });
        try {
            return cache.linkSnapshot(snapshot, blob);
        } catch (IOException e) {
            throw new DatasetLoadException("cannot " + target.action() + ": " + HubHttp.describe(e), e);
        }
    }

    private static Optional<String> etag(Answer answer) {
        String raw = Optional.ofNullable(answer.first().get("X-Linked-Etag"))
                .or(() -> Optional.ofNullable(answer.first().get("ETag")))
                .or(() -> Optional.ofNullable(answer.response().header("ETag")))
                .orElse("");
        String etag = raw.replaceFirst("^W/", "").replace("\"", "").strip();
        return etag.matches("[A-Za-z0-9._-]{1,128}") ? Optional.of(etag) : Optional.empty();
    }

    private static OptionalLong size(Answer answer) {
        String linked = answer.first().get("X-Linked-Size");
        if (linked != null && linked.strip().matches("\\d{1,19}")) {
            return OptionalLong.of(Long.parseLong(linked.strip()));
        }
        long length = answer.response().body().contentLength();
        return length >= 0 ? OptionalLong.of(length) : OptionalLong.empty();
    }

    /** Streams a download into a blob, reporting progress; a short body is an error to retry. */
    private Path receive(String repo, String path, Answer answer, String etag, long total) throws IOException {
        Path incomplete = cache.incompleteBlob(repo, etag != null ? etag : "download");
        MessageDigest sha256 = etag == null ? sha256() : null;
        String task = repo + " " + path;
        long start = System.nanoTime();
        long lastEvent = start;
        long lastDone = 0;
        long done = 0;
        try {
            try (InputStream in = answer.response().body().byteStream();
                    OutputStream out = Files.newOutputStream(incomplete)) {
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    if (sha256 != null) {
                        sha256.update(buffer, 0, n);
                    }
                    done += n;
                    long now = System.nanoTime();
                    if (now - lastEvent >= PROGRESS_INTERVAL_NANOS) {
                        double rate = (done - lastDone) / ((now - lastEvent) / 1e9);
                        progress.onProgress(
                                new Progress(task, "bytes", done, total, 0, rate, Duration.ofNanos(now - start)));
                        lastEvent = now;
                        lastDone = done;
                    }
                }
            }
            if (total >= 0 && done != total) {
                throw new IOException("the download of " + task + " ended after " + done + " of " + total + " bytes");
            }
            long elapsed = System.nanoTime() - start;
            progress.onProgress(new Progress(
                    task,
                    "bytes",
                    done,
                    total >= 0 ? total : done,
                    0,
                    elapsed > 0 ? done / (elapsed / 1e9) : 0,
                    Duration.ofNanos(elapsed)));
            String name = etag != null ? etag : HexFormat.of().formatHex(sha256.digest());
            return cache.commitBlob(incomplete, repo, name);
        } finally {
            Files.deleteIfExists(incomplete);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Builds a {@link HubClient}. Settings not given are read from the environment (the process's, or the map given
     * to {@link #environment}) when {@link #build()} is called. Not thread-safe.
     */
    public static final class Builder {
        private String endpoint;
        private String token;
        private boolean anonymous;
        private Path cacheDir;
        private Boolean offline;
        private OkHttpClient httpClient;
        private ProgressListener progress = ProgressListener.NONE;
        private RetryPolicy retryPolicy = HubHttp.RETRY_POLICY;
        private TimeSource time = TimeSource.system();
        private Map<String, String> environment;
        private Path defaultCacheDir;

        private Builder() {}

        private Builder copy() {
            Builder b = new Builder();
            b.endpoint = endpoint;
            b.token = token;
            b.anonymous = anonymous;
            b.cacheDir = cacheDir;
            b.offline = offline;
            b.httpClient = httpClient;
            b.progress = progress;
            b.retryPolicy = retryPolicy;
            b.time = time;
            b.environment = environment;
            b.defaultCacheDir = defaultCacheDir;
            return b;
        }

        /** The Hub or a mirror, such as {@code https://hf-mirror.example}; default {@code HF_ENDPOINT}, else the public Hub. */
        public Builder endpoint(String url) {
            this.endpoint = Objects.requireNonNull(url, "url");
            return this;
        }

        /** The access token, sent only to the endpoint's origin; default {@code HF_TOKEN} and the login token file. */
        public Builder token(String token) {
            this.token = Objects.requireNonNull(token, "token");
            this.anonymous = false;
            return this;
        }

        /** Sends no token, whatever the environment holds. */
        public Builder anonymous() {
            this.token = null;
            this.anonymous = true;
            return this;
        }

        /** The cache folder; default {@code HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code ~/.cache/evals4j/hf}. */
        public Builder cacheDir(Path dir) {
            this.cacheDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Reads only the cache, with no request to the Hub; default {@code HF_HUB_OFFLINE=1}. */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /**
         * The HTTP client to derive from (its timeouts, proxy, pool); default {@link HttpClients#shared()}. Redirects
         * are always followed, and OkHttp drops the token when one leaves the Hub's host.
         */
        public Builder httpClient(OkHttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Receives download progress in bytes, a few times per second per file. */
        public Builder progressListener(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** How often a 408, 429 or 5xx answer, a failed connection or a download cut short is retried; default 5. */
        public Builder maxRetries(int retries) {
            if (retries < 0 || retries > 20) {
                throw new IllegalArgumentException("maxRetries must be between 0 and 20, was " + retries);
            }
            this.retryPolicy = retryPolicy.withMaxRetries(retries);
            return this;
        }

        /** The longest wait for one retry that the Hub may ask for; longer asks fail at once. Default 5 minutes. */
        public Builder maxRetryWait(Duration wait) {
            Objects.requireNonNull(wait, "wait");
            if (wait.isNegative()) {
                throw new IllegalArgumentException("maxRetryWait must not be negative, was " + wait);
            }
            this.retryPolicy = retryPolicy.withMaxRetryAfter(wait);
            return this;
        }

        /** Reads unset settings from this map instead of the process environment (for tests and embedding). */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** The clock and sleeper of the retries; tests pass a fake that does not wait. */
        Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * Builds the client.
         *
         * @throws ConfigurationException when the endpoint is not an http(s) URL
         */
        public HubClient build() {
            Map<String, String> env = environment != null ? environment : ProcessDefaults.environment();
            String endpointText = endpoint != null
                    ? endpoint
                    : nonBlank(env.get("HF_ENDPOINT")).orElse(DEFAULT_ENDPOINT);
            String cleaned = endpointText.strip().replaceAll("/+$", "");
            HttpUrl url = HttpUrl.parse(cleaned + "/");
            if (url == null) {
                throw new ConfigurationException("the Hub endpoint must be an http(s) URL, was '" + endpointText + "'"
                        + (endpoint == null ? " (from HF_ENDPOINT)" : ""));
            }
            Optional<String> resolvedToken =
                    anonymous ? Optional.empty() : token != null ? nonBlank(token) : tokenFromEnvironment(env);
            Path dir = cacheDir != null ? cacheDir : cacheFromEnvironment(env, defaultCacheDir);
            boolean isOffline;
            String offlineSource;
            if (offline != null) {
                isOffline = offline;
                offlineSource = "HubClient.builder().offline(true)";
            } else {
                String value = env.getOrDefault("HF_HUB_OFFLINE", "");
                isOffline = Boolean.parseBoolean(value)
                        || value.equals("1")
                        || value.equalsIgnoreCase("yes")
                        || value.equalsIgnoreCase("on");
                offlineSource = "HF_HUB_OFFLINE=" + value;
            }
            resolvedToken.ifPresent(KnownSecrets::add);
            return new HubClient(this, url, resolvedToken, dir, isOffline, offlineSource);
        }

        private static Optional<String> nonBlank(String value) {
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }

        private static Optional<String> tokenFromEnvironment(Map<String, String> env) {
            Optional<String> direct =
                    nonBlank(env.get("HF_TOKEN")).or(() -> nonBlank(env.get("HUGGING_FACE_HUB_TOKEN")));
            if (direct.isPresent()) {
                return direct;
            }
            Path file = nonBlank(env.get("HF_TOKEN_PATH"))
                    .map(Path::of)
                    .or(() -> hfHome(env).map(home -> home.resolve("token")))
                    .orElse(null);
            if (file == null || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return nonBlank(Files.readString(file));
            } catch (IOException e) {
                LOG.debug("Cannot read the token file {}", file, e);
                return Optional.empty();
            }
        }

        /** {@code HF_HOME}, else {@code $XDG_CACHE_HOME/huggingface}, else {@code $HOME/.cache/huggingface}. */
        private static Optional<Path> hfHome(Map<String, String> env) {
            return nonBlank(env.get("HF_HOME"))
                    .map(Path::of)
                    .or(() -> nonBlank(env.get("XDG_CACHE_HOME")).map(x -> Path.of(x, "huggingface")))
                    .or(() -> nonBlank(env.get("HOME")).map(h -> Path.of(h, ".cache", "huggingface")));
        }

        private static Path cacheFromEnvironment(Map<String, String> env, Path fallback) {
            return nonBlank(env.get("HF_HUB_CACHE"))
                    .map(Path::of)
                    .or(() -> nonBlank(env.get("HUGGINGFACE_HUB_CACHE")).map(Path::of))
                    .or(() -> nonBlank(env.get("HF_HOME")).map(h -> Path.of(h, "hub")))
                    .orElseGet(() -> fallback != null
                            ? fallback
                            : ProcessDefaults.cacheDir(env).resolve("hf"));
        }
    }
}
