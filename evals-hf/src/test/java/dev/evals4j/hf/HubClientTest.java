package dev.evals4j.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.Progress;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.http.TimeSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubClientTest {
    static final String MMLU_PRO = "TIGER-Lab/MMLU-Pro";
    /** The metadata of TIGER-Lab/MMLU-Pro's dataset card, shortened: its configs and declared sizes. */
    static final String MMLU_PRO_CARD =
            """
            {"language":["en"],"license":"mit","size_categories":["10K<n<100K"],
             "task_categories":["question-answering"],"pretty_name":"MMLU-Pro",
             "configs":[{"config_name":"default","data_files":[
               {"split":"test","path":"data/test-*"},{"split":"validation","path":"data/validation-*"}]}],
             "dataset_info":{"features":[{"name":"question_id","dtype":"int64"},{"name":"question","dtype":"string"},
               {"name":"options","sequence":"string"}],
               "splits":[{"name":"test","num_bytes":8946036,"num_examples":12032},
                         {"name":"validation","num_bytes":62884,"num_examples":70}],
               "download_size":4298444,"dataset_size":9008920}}""";

    @TempDir
    Path cache;

    final FakeHub fake = new FakeHub();
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    /** The retries' clock: records the waits instead of waiting, and moves on by them. */
    final TimeSource time = new TimeSource() {
        private final AtomicLong nanos = new AtomicLong();

        @Override
        public long nanoTime() {
            return nanos.get();
        }

        @Override
        public Instant now() {
            return Instant.parse("2026-05-04T10:15:30Z").plusNanos(nanos.get());
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            nanos.addAndGet(duration.toNanos());
        }
    };

    final List<Progress> progress = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        fake.close();
    }

    Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("HF_ENDPOINT", fake.endpoint());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    HubClient client(String... envPairs) {
        return HubClient.builder()
                .environment(env(envPairs))
                .cacheDir(cache)
                .timeSource(time)
                .progressListener(progress::add)
                .build();
    }

    FakeHub.Commit mmluPro() {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put(".gitattributes", "*.parquet filter=lfs diff=lfs merge=lfs -text\n".getBytes(StandardCharsets.UTF_8));
        files.put("README.md", "---\nlicense: mit\n---\n# MMLU-Pro\n".getBytes(StandardCharsets.UTF_8));
        files.put("data/test-00000-of-00001.parquet", FakeHub.fixture("mmlu-pro-test.parquet"));
        files.put("data/validation-00000-of-00001.parquet", FakeHub.fixture("codec-snappy.parquet"));
        return fake.put(MMLU_PRO, "main", files, MMLU_PRO_CARD);
    }

    static List<Map<String, Object>> readAll(RowReader reader) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (reader) {
            for (Optional<Map<String, Object>> row = reader.next(); row.isPresent(); row = reader.next()) {
                rows.add(row.get());
            }
        }
        return rows;
    }

    @Test
    void readsASplitOfTheRepositorysOwnParquetFilesThroughTheStorageRedirect() {
        FakeHub.Commit commit = mmluPro();

        List<Map<String, Object>> rows =
                readAll(client("HF_TOKEN", FakeHub.TOKEN).open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"));

        assertThat(rows).extracting(r -> r.get("question_id")).containsExactly(70L, 71L, 72L, 73L);
        assertThat(rows.get(3).get("options")).isEqualTo(List.of("The heat of solution", "The entropy of fusion"));
        assertThat(fake.hubPaths())
                .containsExactly(
                        "/api/datasets/TIGER-Lab/MMLU-Pro/revision/main?blobs=true",
                        "/datasets/TIGER-Lab/MMLU-Pro/resolve/" + commit.sha() + "/data/test-00000-of-00001.parquet");
        assertThat(fake.storageRequests).hasSize(1);
    }

    @Test
    void sendsTheTokenToTheHubOnlyNeverToTheStorageItRedirectsTo() {
        mmluPro();

        readAll(client("HF_TOKEN", FakeHub.TOKEN).open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"));

        assertThat(fake.hubRequests)
                .extracting(r -> r.getHeaders().get("Authorization"))
                .containsOnly("Bearer " + FakeHub.TOKEN);
        assertThat(fake.storageRequests)
                .extracting(r -> r.getHeaders().get("Authorization"))
                .containsOnlyNulls();
        assertThat(fake.storageRequests.get(0).getUrl().queryParameter("Signature"))
                .isEqualTo("fake~sig");
    }

    @Test
    void keepsDownloadsInTheHubCacheLayoutKeyedByCommitAndReusesThem() throws IOException {
        FakeHub.Commit commit = mmluPro();
        HubClient hub = client();
        readAll(hub.open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"));

        List<Map<String, Object>> again = readAll(hub.open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"));

        assertThat(again).hasSize(4);
        assertThat(fake.storageRequests).hasSize(1);
        Path repo = cache.resolve("datasets--TIGER-Lab--MMLU-Pro");
        Path snapshot = repo.resolve("snapshots/" + commit.sha() + "/data/test-00000-of-00001.parquet");
        String sha256 = FakeHub.sha256(FakeHub.fixture("mmlu-pro-test.parquet"));
        assertThat(Files.isSymbolicLink(snapshot)).isTrue();
        assertThat(Files.readSymbolicLink(snapshot)).isEqualTo(Path.of("../../../blobs/" + sha256));
        assertThat(Files.readString(repo.resolve("refs/main"))).isEqualTo(commit.sha());
        assertThat(repo.resolve("evals4j/info/main.json")).isRegularFile();
    }

    @Test
    void aNewCommitWithAnUnchangedFileReusesItsBlobWithoutDownloading() {
        mmluPro();
        HubClient hub = client();
        readAll(hub.open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"));
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("data/test-00000-of-00001.parquet", FakeHub.fixture("mmlu-pro-test.parquet"));
        files.put("data/validation-00000-of-00001.parquet", FakeHub.fixture("codec-zstd.parquet"));
        FakeHub.Commit v2 = fake.put(MMLU_PRO, "v2", files, MMLU_PRO_CARD);

        assertThat(readAll(hub.open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test&revision=v2")))
                .hasSize(4);

        assertThat(fake.storageRequests).hasSize(1);
        assertThat(cache.resolve(
                        "datasets--TIGER-Lab--MMLU-Pro/snapshots/" + v2.sha() + "/data/test-00000-of-00001.parquet"))
                .isRegularFile();
    }

    @Test
    void fallsBackToTheParquetExportWhenTheRepositoryFilesAreNotReadable() {
        fake.put(
                "llamastack/simpleqa",
                "main",
                Map.of(
                        "README.md", "# SimpleQA".getBytes(StandardCharsets.UTF_8),
                        "train/data-00000-of-00001.arrow", new byte[] {1, 2, 3},
                        "train/state.json", "{}".getBytes(StandardCharsets.UTF_8)),
                "{}");
        FakeHub.Commit export = fake.put(
                "llamastack/simpleqa",
                HubClient.PARQUET_EXPORT_REVISION,
                Map.of(
                        "default/train/0000.parquet", FakeHub.fixture("qa-0000.parquet"),
                        "default/train/0001.parquet", FakeHub.fixture("qa-0001.parquet")),
                null);

        List<Map<String, Object>> rows =
                readAll(client().open("huggingface://datasets/llamastack/simpleqa?split=train"));

        assertThat(rows)
                .extracting(r -> r.get("expected_answer"))
                .containsExactly("Paris", "Mark Zuckerberg", "Jupiter", "Yen", "100");
        assertThat(rows.get(4).get("meta")).isEqualTo(Map.of("source", "fixture", "difficulty", 5));
        assertThat(fake.hubPaths())
                .containsExactly(
                        "/api/datasets/llamastack/simpleqa/revision/main?blobs=true",
                        "/api/datasets/llamastack/simpleqa/revision/refs%2Fconvert%2Fparquet?blobs=true",
                        "/datasets/llamastack/simpleqa/resolve/" + export.sha() + "/default/train/0000.parquet",
                        "/datasets/llamastack/simpleqa/resolve/" + export.sha() + "/default/train/0001.parquet");
    }

    @Test
    void readsJsonlAndGzippedCsvFilesThroughTheRelativeRedirect() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("problem,answer\n\"1+1\",2\n\"2+2\",4\n".getBytes(StandardCharsets.UTF_8));
        }
        fake.put(
                "HuggingFaceH4/MATH-500",
                "main",
                Map.of(
                        "README.md", "# MATH-500".getBytes(StandardCharsets.UTF_8),
                        "test.jsonl",
                                "{\"problem\": \"1+1\", \"answer\": \"2\", \"level\": 1}\n{\"problem\": \"3*3\", \"answer\": \"9\", \"level\": 2}\n"
                                        .getBytes(StandardCharsets.UTF_8),
                        "extra/train.csv.gz", gz.toByteArray()),
                null);
        HubClient hub = client();

        assertThat(readAll(hub.open("hf://datasets/HuggingFaceH4/MATH-500?split=test")))
                .containsExactly(
                        Map.of("problem", "1+1", "answer", "2", "level", 1),
                        Map.of("problem", "3*3", "answer", "9", "level", 2));
        assertThat(readAll(hub.open("hf://datasets/HuggingFaceH4/MATH-500?split=train")))
                .containsExactly(Map.of("problem", "1+1", "answer", "2"), Map.of("problem", "2+2", "answer", "4"));
        assertThat(fake.storageRequests).isEmpty();
        assertThat(fake.hubPaths()).anyMatch(p -> p.startsWith("/api/resolve-cache/datasets/HuggingFaceH4/MATH-500/"));
    }

    @Test
    void aJsonFileHoldingJsonLinesIsReadAsJsonLines() {
        fake.put(
                "owner/lines",
                "main",
                Map.of(
                        "data/test.json", "{\"a\": 1}\n{\"a\": 2}\n".getBytes(StandardCharsets.UTF_8),
                        "data/train.json", "[{\"a\": 3}]".getBytes(StandardCharsets.UTF_8)),
                null);

        assertThat(readAll(client().open("hf://datasets/owner/lines?split=test")))
                .containsExactly(Map.of("a", 1), Map.of("a", 2));
        assertThat(readAll(client().open("hf://datasets/owner/lines?split=train")))
                .containsExactly(Map.of("a", 3));
    }

    @Test
    void offlineModeReadsTheCacheWithoutAnyRequest() {
        mmluPro();
        readAll(client().open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"));
        int requests = fake.hubRequests.size();

        List<Map<String, Object>> rows =
                readAll(client("HF_HUB_OFFLINE", "1").open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"));

        assertThat(rows).hasSize(4);
        assertThat(fake.hubRequests).hasSize(requests);
    }

    @Test
    void offlineModeNamesTheMissingRecordOfADatasetNeverRead() {
        HubClient offline = client("HF_HUB_OFFLINE", "1");

        assertThatThrownBy(() -> offline.open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("cannot read TIGER-Lab/MMLU-Pro at revision main offline (HF_HUB_OFFLINE=1): the cache has"
                        + " no record of it; missing: "
                        + cache.resolve("datasets--TIGER-Lab--MMLU-Pro/evals4j/info/main.json")
                        + ". Read it once online (unset HF_HUB_OFFLINE) to cache it");
        assertThat(fake.hubRequests).isEmpty();
    }

    @Test
    void offlineModeNamesTheFilesMissingFromTheCache() {
        FakeHub.Commit commit = mmluPro();
        readAll(client().open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"));
        HubClient offline = HubClient.builder()
                .environment(env())
                .cacheDir(cache)
                .offline(true)
                .build();

        assertThatThrownBy(() -> offline.open("hf://datasets/TIGER-Lab/MMLU-Pro?split=validation"))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("cannot read the split validation of the config default of TIGER-Lab/MMLU-Pro offline"
                        + " (HubClient.builder().offline(true)): the cache lacks 1 of its 1 files at commit "
                        + commit.sha()
                        + ": data/validation-00000-of-00001.parquet (expected under "
                        + cache.resolve("datasets--TIGER-Lab--MMLU-Pro/snapshots/" + commit.sha())
                        + "). Read it once online (unset HF_HUB_OFFLINE) to cache them");
    }

    @Test
    void retriesOn429HonouringRetryAfter() {
        mmluPro();
        fake.failNext(
                "/api/datasets/",
                FakeHub.error(429, null, "too many requests")
                        .newBuilder()
                        .addHeader("Retry-After", "7")
                        .build());

        assertThat(readAll(client().open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test")))
                .hasSize(4);

        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void waitsForTheRateLimitWindowWhenNothingIsLeft() {
        mmluPro();
        fake.failNext(
                "/datasets/",
                FakeHub.error(429, null, "too many requests")
                        .newBuilder()
                        .addHeader("RateLimit", "\"resolvers\";r=0;t=55")
                        .addHeader("RateLimit-Policy", "\"fixed window\";\"resolvers\";q=3000;w=300")
                        .build());

        assertThat(readAll(client().open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test")))
                .hasSize(4);

        assertThat(sleeps).containsExactly(Duration.ofSeconds(56));
    }

    @Test
    void retriesServerErrorsWithBackoffThenGivesUpNamingTheStatus() {
        mmluPro();
        MockResponse busy = FakeHub.error(503, null, "The server is busier than usual. Please retry later.");
        fake.failNext("/api/datasets/", busy, busy, busy);
        HubClient hub = client().toBuilder().maxRetries(2).build();

        assertThatThrownBy(() -> hub.open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("cannot get the info of TIGER-Lab/MMLU-Pro at revision main from " + fake.endpoint()
                        + ": the Hub answered 503 (The server is busier than usual. Please retry later.) 3 times;"
                        + " giving up");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void aRetryAfterLongerThanTheBoundFailsAtOnce() {
        mmluPro();
        fake.failNext(
                "/api/datasets/",
                FakeHub.error(429, null, "too many requests")
                        .newBuilder()
                        .addHeader("Retry-After", "3600")
                        .build());

        assertThatThrownBy(() -> client().open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"))
                .hasMessage("cannot get the info of TIGER-Lab/MMLU-Pro at revision main from " + fake.endpoint()
                        + ": the Hub answered 429 and asks to wait 3600 s, longer than the 300 s this client waits"
                        + " (HubClient.builder().maxRetryWait); try again later");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aFailedStorageDownloadIsRetried() {
        mmluPro();
        fake.failNext(
                "storage:/xet-bridge-us/",
                new MockResponse.Builder().code(502).body("Bad Gateway").build());

        assertThat(readAll(client().open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test")))
                .hasSize(4);

        assertThat(fake.storageRequests).hasSize(2);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void aDownloadCutShortIsRetriedInTheSameLoopWithTheSameBudget() {
        mmluPro();
        int size = FakeHub.fixture("mmlu-pro-test.parquet").length;
        MockResponse cut = new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/octet-stream")
                .body("PAR1")
                .build();
        fake.failNext("storage:/xet-bridge-us/", cut, cut, cut);
        HubClient hub = client().toBuilder().maxRetries(1).build();

        assertThatThrownBy(() -> hub.open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("cannot download TIGER-Lab/MMLU-Pro data/test-00000-of-00001.parquet: IOException (the"
                        + " download of TIGER-Lab/MMLU-Pro data/test-00000-of-00001.parquet ended after 4 of " + size
                        + " bytes) (tried 2 times)");
        // one retry in all: the Hub's redirect and the storage were asked twice each, not twice per retry
        assertThat(fake.storageRequests).hasSize(2);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));

        assertThat(readAll(hub.open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test")))
                .hasSize(4);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void usesTheCachedInfoWhenTheHubIsDown() {
        mmluPro();
        readAll(client().open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"));
        MockResponse down = FakeHub.error(503, null, "unavailable");
        fake.failNext("/api/datasets/", down, down);

        assertThat(readAll(
                        client().toBuilder().maxRetries(1).build().open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test")))
                .hasSize(4);
    }

    /** An HTTP client on a machine without a network: no host name resolves. */
    private static OkHttpClient offlineHttp() {
        return new OkHttpClient.Builder()
                .dns(host -> {
                    throw new UnknownHostException(
                            "Unable to resolve host \"" + host + "\": No address associated" + " with hostname");
                })
                .build();
    }

    @Test
    void aHostThatDoesNotResolveFailsAtOnceSayingHowToWorkOffline() {
        HubClient offline = client().toBuilder()
                .endpoint("https://huggingface.co")
                .httpClient(offlineHttp())
                .build();

        assertThatThrownBy(() -> offline.open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("cannot get the info of TIGER-Lab/MMLU-Pro at revision main from https://huggingface.co:"
                        + " the host huggingface.co could not be resolved (no network, or a misspelt endpoint); to"
                        + " work offline set HF_HUB_OFFLINE=1, which reads the datasets read before from the cache, or"
                        + " set HF_ENDPOINT to a mirror you can reach");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aHostThatDoesNotResolveFallsBackToTheCachedInfo() {
        mmluPro();
        readAll(client().open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"));
        int requests = fake.hubRequests.size();

        assertThat(readAll(client().toBuilder()
                        .httpClient(offlineHttp())
                        .build()
                        .open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test")))
                .hasSize(4);
        assertThat(fake.hubRequests).hasSize(requests);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aRefusedConnectionIsStillRetried() throws IOException {
        String closed;
        try (MockWebServer gone = new MockWebServer()) {
            gone.start();
            closed = gone.url("/").toString();
        }

        assertThatThrownBy(() -> client("HF_ENDPOINT", closed).toBuilder()
                        .maxRetries(2)
                        .build()
                        .open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessageContaining("(tried 3 times)");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void aGatedDatasetWithoutATokenSaysHowToProvideOne() {
        mmluPro();
        fake.gate(MMLU_PRO);

        assertThatThrownBy(() -> client().open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage(
                        "cannot download TIGER-Lab/MMLU-Pro data/test-00000-of-00001.parquet: TIGER-Lab/MMLU-Pro is a"
                                + " gated dataset (Access to dataset TIGER-Lab/MMLU-Pro is restricted. You must have access to it"
                                + " and be authenticated to access it. Please log in.). Accept its conditions at "
                                + fake.endpoint()
                                + "/datasets/TIGER-Lab/MMLU-Pro, then set HF_TOKEN to an access token from "
                                + fake.endpoint() + "/settings/tokens (or give one with HubClient.builder().token(…))");
    }

    @Test
    void aGatedDatasetWithAToken() {
        mmluPro();
        fake.gate(MMLU_PRO);

        assertThat(readAll(HubClient.builder()
                        .environment(env())
                        .cacheDir(cache)
                        .token(FakeHub.TOKEN)
                        .build()
                        .open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test")))
                .hasSize(4);
    }

    @Test
    void aGatedDatasetWhoseTokenHasNoAccessSaysWhereToAsk() {
        mmluPro();
        fake.failNext(
                "/datasets/TIGER-Lab/MMLU-Pro/resolve/",
                FakeHub.error(
                        403,
                        "GatedRepo",
                        "Access to dataset TIGER-Lab/MMLU-Pro is restricted and you are not in the authorized list. Visit "
                                + "https://huggingface.co/datasets/TIGER-Lab/MMLU-Pro to ask for access."));

        assertThatThrownBy(() -> client("HF_TOKEN", FakeHub.TOKEN).open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"))
                .hasMessage(
                        "cannot download TIGER-Lab/MMLU-Pro data/test-00000-of-00001.parquet: TIGER-Lab/MMLU-Pro is a"
                                + " gated dataset and the token's account has no access to it (Access to dataset TIGER-Lab/MMLU-Pro"
                                + " is restricted and you are not in the authorized list. Visit"
                                + " https://huggingface.co/datasets/TIGER-Lab/MMLU-Pro to ask for access.). Ask for access at "
                                + fake.endpoint() + "/datasets/TIGER-Lab/MMLU-Pro");
    }

    @Test
    void aTokenEchoedInAnErrorBodyNeverReachesTheMessage() {
        mmluPro();
        fake.failNext(
                "/datasets/TIGER-Lab/MMLU-Pro/resolve/",
                FakeHub.error(500, null, "Internal Error: could not check Authorization: Bearer " + FakeHub.TOKEN),
                FakeHub.error(500, null, "Internal Error: could not check Authorization: Bearer " + FakeHub.TOKEN),
                FakeHub.error(500, null, "Internal Error: could not check Authorization: Bearer " + FakeHub.TOKEN),
                FakeHub.error(500, null, "Internal Error: could not check Authorization: Bearer " + FakeHub.TOKEN),
                FakeHub.error(500, null, "Internal Error: could not check Authorization: Bearer " + FakeHub.TOKEN),
                FakeHub.error(500, null, "Internal Error: could not check Authorization: Bearer " + FakeHub.TOKEN));

        assertThatThrownBy(() -> client("HF_TOKEN", FakeHub.TOKEN).open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"))
                .hasMessageContaining("could not check Authorization: Bearer ***")
                .message()
                .doesNotContain(FakeHub.TOKEN);
    }

    @Test
    void aPrivateOrMissingDatasetAnonymouslySaysItMayNeedAToken() {
        fake.put("acme/private-evals", "main", Map.of("test.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8)), null);
        fake.makePrivate("acme/private-evals");

        assertThatThrownBy(() -> client().open("hf://datasets/acme/private-evals"))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("cannot get the info of acme/private-evals at revision main from " + fake.endpoint()
                        + ": the Hub answered 401 (Invalid username or password.): acme/private-evals does not exist, or"
                        + " it is private or gated and needs a token. Check the name at " + fake.endpoint()
                        + "/datasets/acme/private-evals; for a private or gated dataset, set HF_TOKEN to an access token"
                        + " from " + fake.endpoint()
                        + "/settings/tokens (or give one with HubClient.builder().token(…))");
        assertThat(readAll(client("HF_TOKEN", FakeHub.TOKEN).open("hf://datasets/acme/private-evals")))
                .hasSize(1);
    }

    @Test
    void aMissingDatasetWithATokenAndAMissingRevisionAreNamed() {
        mmluPro();
        HubClient hub = client("HF_TOKEN", FakeHub.TOKEN);

        assertThatThrownBy(() -> hub.open("hf://datasets/TIGER-Lab/MMLU-Pro-2?split=test"))
                .hasMessage("cannot get the info of TIGER-Lab/MMLU-Pro-2 at revision main from " + fake.endpoint()
                        + ": the dataset TIGER-Lab/MMLU-Pro-2 does not exist on " + fake.endpoint() + "/, or the token"
                        + " cannot see it");
        assertThatThrownBy(() -> hub.open("hf://datasets/TIGER-Lab/MMLU-Pro@v9?split=test"))
                .hasMessage("cannot get the info of TIGER-Lab/MMLU-Pro at revision v9 from " + fake.endpoint()
                        + ": TIGER-Lab/MMLU-Pro has no revision 'v9'");
    }

    @Test
    void anUnknownSplitOrConfigListsWhatThereIs() {
        mmluPro();
        HubClient hub = client();

        assertThatThrownBy(() -> hub.open("hf://datasets/TIGER-Lab/MMLU-Pro?split=train"))
                .hasMessage("cannot read hf://datasets/TIGER-Lab/MMLU-Pro?split=train: the config default of"
                        + " TIGER-Lab/MMLU-Pro has no split 'train'; its splits: test, validation");
        assertThatThrownBy(() -> hub.open("hf://datasets/TIGER-Lab/MMLU-Pro"))
                .hasMessage("cannot read hf://datasets/TIGER-Lab/MMLU-Pro: the config default of TIGER-Lab/MMLU-Pro has"
                        + " the splits test, validation; choose one with ?split=NAME");
        assertThatThrownBy(() -> hub.open("hf://datasets/TIGER-Lab/MMLU-Pro?name=all&split=test"))
                .hasMessage("cannot read hf://datasets/TIGER-Lab/MMLU-Pro?config=all&split=test: TIGER-Lab/MMLU-Pro has"
                        + " no config 'all'; its configs: default");
    }

    @Test
    void describeListsConfigsAndSplitsWithTheCardsRowCounts() {
        FakeHub.Commit commit = mmluPro();

        HubDataset dataset = client().describe(MMLU_PRO);

        assertThat(dataset.commit()).isEqualTo(commit.sha());
        assertThat(dataset.source()).isEqualTo("repository files");
        assertThat(dataset.configs()).containsExactly("default");
        assertThat(dataset.defaultConfig()).contains("default");
        assertThat(dataset.splits())
                .containsExactly(
                        new HubSplit(
                                "default",
                                "test",
                                OptionalLong.of(12032),
                                OptionalLong.of(FakeHub.fixture("mmlu-pro-test.parquet").length),
                                "parquet",
                                List.of("data/test-00000-of-00001.parquet"),
                                false),
                        new HubSplit(
                                "default",
                                "validation",
                                OptionalLong.of(70),
                                OptionalLong.of(FakeHub.fixture("codec-snappy.parquet").length),
                                "parquet",
                                List.of("data/validation-00000-of-00001.parquet"),
                                false));
        assertThat(dataset.splits().get(0).uri(MMLU_PRO, "main"))
                .isEqualTo("hf://datasets/TIGER-Lab/MMLU-Pro?config=default&split=test");
        assertThat(fake.storageRequests).isEmpty();
    }

    @Test
    void describeTheExportOfAManyConfigDataset() {
        fake.put(
                "nyu-mll/glue", "main", Map.of("glue.py", "# a loading script".getBytes(StandardCharsets.UTF_8)), null);
        fake.put(
                "nyu-mll/glue",
                HubClient.PARQUET_EXPORT_REVISION,
                Map.of(
                        "cola/train/0000.parquet", FakeHub.fixture("qa-0000.parquet"),
                        "cola/validation/0000.parquet", FakeHub.fixture("qa-0001.parquet"),
                        "mnli/partial-train/0000.parquet", FakeHub.fixture("qa-0000.parquet"),
                        "mnli/train-part1/0000.parquet", FakeHub.fixture("qa-0001.parquet")),
                null);

        HubDataset glue = client().describe("nyu-mll/glue");

        assertThat(glue.source()).isEqualTo("parquet export");
        assertThat(glue.configs()).containsExactly("cola", "mnli");
        assertThat(glue.defaultConfig()).isEmpty();
        assertThat(glue.splits())
                .extracting(s -> s.config() + "/" + s.split() + (s.partial() ? " (partial)" : ""))
                .containsExactly("cola/train", "cola/validation", "mnli/train (partial)");
        assertThatThrownBy(() -> client().open("hf://datasets/nyu-mll/glue?split=train"))
                .hasMessage(
                        "cannot read hf://datasets/nyu-mll/glue?split=train: nyu-mll/glue has the configs cola, mnli"
                                + " and none is the default; choose one with ?config=NAME");
    }

    @Test
    void reportsDownloadProgressInBytes() {
        mmluPro();

        readAll(client().open("hf://datasets/TIGER-Lab/MMLU-Pro?split=test"));

        int size = FakeHub.fixture("mmlu-pro-test.parquet").length;
        assertThat(progress).isNotEmpty();
        Progress last = progress.get(progress.size() - 1);
        assertThat(last.task()).isEqualTo("TIGER-Lab/MMLU-Pro data/test-00000-of-00001.parquet");
        assertThat(last.unit()).isEqualTo("bytes");
        assertThat(last.done()).isEqualTo(size);
        assertThat(last.total()).isEqualTo(size);
        assertThat(last.ratePerSecond()).isPositive();
    }

    @Test
    void downloadsOneFileByRevisionAndPath() throws IOException {
        FakeHub.Commit commit = mmluPro();

        Path readme = client().download(MMLU_PRO, "main", "README.md");

        assertThat(readme)
                .isEqualTo(cache.resolve("datasets--TIGER-Lab--MMLU-Pro/snapshots/" + commit.sha() + "/README.md"));
        assertThat(Files.readString(readme)).startsWith("---\nlicense: mit");
    }

    @Test
    void readsSettingsFromTheEnvironment() {
        HubClient hub = HubClient.builder()
                .environment(Map.of(
                        "HF_ENDPOINT", "https://hf-mirror.example/",
                        "HF_TOKEN", "hf_abc",
                        "HF_HOME", "/srv/hf",
                        "HF_HUB_OFFLINE", "true"))
                .build();

        assertThat(hub.endpoint()).isEqualTo("https://hf-mirror.example");
        assertThat(hub.hasToken()).isTrue();
        assertThat(hub.cacheDir()).isEqualTo(Path.of("/srv/hf/hub"));
        assertThat(hub.offline()).isTrue();
        assertThat(hub.toString()).doesNotContain("hf_abc");
        HubClient plain =
                HubClient.builder().environment(Map.of("HOME", "/home/ada")).build();
        assertThat(plain.endpoint()).isEqualTo("https://huggingface.co");
        assertThat(plain.hasToken()).isFalse();
        assertThat(plain.cacheDir()).isEqualTo(Path.of("/home/ada/.cache/evals4j/hf"));
        assertThat(plain.offline()).isFalse();
        assertThat(HubClient.builder()
                        .environment(Map.of("HF_HUB_CACHE", "/c"))
                        .build()
                        .cacheDir())
                .isEqualTo(Path.of("/c"));
    }

    @Test
    void readsTheTokenThatHuggingfaceCliLoginWrote(@TempDir Path home) throws IOException {
        Files.writeString(home.resolve("token"), "hf_fromfile\n");
        fake.put("acme/private-evals", "main", Map.of("test.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8)), null);
        fake.makePrivate("acme/private-evals");
        fake.failNext("/api/datasets/", FakeHub.error(404, "RepoNotFound", "Repository not found"));

        assertThatThrownBy(() -> HubClient.builder()
                .environment(env("HF_HOME", home.toString()))
                .cacheDir(cache)
                .build()
                .open("hf://datasets/acme/private-evals"));

        RecordedRequest request = fake.hubRequests.get(0);
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer hf_fromfile");
    }

    @Test
    void anExplicitBuilderSettingWinsOverTheEnvironment() {
        HubClient hub = HubClient.builder()
                .environment(Map.of("HF_ENDPOINT", "https://a.example", "HF_TOKEN", "hf_x", "HF_HUB_OFFLINE", "1"))
                .endpoint("https://b.example")
                .anonymous()
                .offline(false)
                .build();

        assertThat(hub.endpoint()).isEqualTo("https://b.example");
        assertThat(hub.hasToken()).isFalse();
        assertThat(hub.offline()).isFalse();
        assertThat(hub.toBuilder().build().endpoint()).isEqualTo("https://b.example");
    }

    @Test
    void aBadEndpointIsAConfigurationError() {
        assertThatThrownBy(() -> HubClient.builder()
                        .environment(Map.of("HF_ENDPOINT", "hf-mirror"))
                        .build())
                .hasMessage("the Hub endpoint must be an http(s) URL, was 'hf-mirror' (from HF_ENDPOINT)");
    }
}
