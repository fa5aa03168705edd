package dev.evals4j.bench.throughput;

import com.sun.management.OperatingSystemMXBean;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.Evals;
import dev.evals4j.core.http.HttpClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Measures samples per second through the whole pipeline (preprocess, HTTP call, postprocess, score, journal)
 * against {@link FakeOpenAiServer} in its own JVM, next to a bare HTTP load generator (no eval work) against the
 * same server at the same concurrency.
 *
 * <p>{@code java -cp evals-bench/target/benchmarks.jar dev.evals4j.bench.throughput.ThroughputBenchmark
 * <samples> <latency ms> <concurrency>...}
 */
public final class ThroughputBenchmark {
    private ThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int samples = Integer.parseInt(args[0]);
        long latency = Long.parseLong(args[1]);
        List<Integer> concurrencies = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            concurrencies.add(Integer.parseInt(args[i]));
        }
        Process server = startServer(latency);
        try {
            String baseUrl = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            System.out.printf(
                    Locale.ROOT,
                    "server %s, latency %d ms, %d samples, max heap %d MB%n",
                    baseUrl,
                    latency,
                    samples,
                    Runtime.getRuntime().maxMemory() >> 20);
            runPipeline(baseUrl, Math.min(samples, 2000), concurrencies.get(concurrencies.size() - 1)); // warm-up
            bare(baseUrl, Math.min(samples, 2000), concurrencies.get(concurrencies.size() - 1));
            System.out.println("| concurrency | samples | limit (c/latency) | bare HTTP samples/s | evals4j samples/s"
                    + " | % of limit | % of bare | CPU ms/sample | heap after run |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (int c : concurrencies) {
                double limit = c * 1000.0 / latency;
                // low concurrencies get fewer samples, so that each measurement lasts seconds, not minutes
                int n = (int) Math.min(samples, Math.max(500, 160L * c));
                double bareRate = bare(baseUrl, n, c);
                long cpuBefore = cpuNanos();
                long start = System.nanoTime();
                EvalResult result = runPipeline(baseUrl, n, c);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuMs = (cpuNanos() - cpuBefore) / 1e6 / n;
                double rate = n / seconds;
                if (result.numErrors() > 0) {
                    System.out.println("WARNING: " + result.numErrors() + " samples failed");
                }
                System.gc();
                MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
                System.out.printf(
                        Locale.ROOT,
                        "| %d | %d | %.0f | %.0f | %.0f | %.1f%% | %.1f%% | %.3f | %d MB |%n",
                        c,
                        n,
                        limit,
                        bareRate,
                        rate,
                        100 * rate / limit,
                        100 * rate / bareRate,
                        cpuMs,
                        memory.getHeapMemoryUsage().getUsed() >> 20);
            }
        } finally {
            server.getOutputStream().close();
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process startServer(long latency) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the JDK server delays small replies by ~40 ms (Nagle + delayed ACK) unless TCP_NODELAY is set
        return new ProcessBuilder(
                        java,
                        "-Dsun.net.httpserver.nodelay=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FakeOpenAiServer.class.getName(),
                        Long.toString(latency))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static EvalResult runPipeline(String baseUrl, int samples, int concurrency) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            rows.add(Map.of("input_query", "Question " + i + ": what is six times seven?", "expected_answer", "42"));
        }
        Path out = Files.createTempDirectory("evals-bench-");
        EvalRequest request = EvalRequest.builder()
                .dataset(DatasetDefinition.ofRows("bench", rows))
                .processor(PluginSpec.of("llama-stack-rows"))
                .generator(new PluginSpec(
                        "openai-compatible",
                        Map.of("base_url", baseUrl, "model", "bench-model", "max_tokens", 16L, "cache", "bypass")))
                .scorer("basic::subset_of")
                .outputDir(out.resolve("run"))
                .build();
        return Evals.create()
                .evals()
                .runEvalTask(
                        request, RunOptions.builder().concurrency(concurrency).build());
    }

    /** N chat-completion calls, at most {@code concurrency} in flight, with no eval work: what the server allows. */
    private static double bare(String baseUrl, int samples, int concurrency) throws InterruptedException {
        // The pipeline's runs leave up to 1,024 idle connections in the process-wide pool; the JDK server serves new
        // connections at about 60% of its rate at concurrency 256 while they stay open, which is not what the
        // server allows
        HttpClients.shared().connectionPool().evictAll();
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(concurrency);
        dispatcher.setMaxRequestsPerHost(concurrency);
        OkHttpClient client = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(concurrency, 5, TimeUnit.MINUTES))
                .build();
        Semaphore permits = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(samples);
        AtomicLong failed = new AtomicLong();
        MediaType json = MediaType.get("application/json");
        long start = System.nanoTime();
        for (int i = 0; i < samples; i++) {
            permits.acquire();
            String body = "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Question " + i
                    + "\"}],\"max_tokens\":16}";
            client.newCall(new Request.Builder()
                            .url(baseUrl + "/chat/completions")
                            .post(RequestBody.create(body, json))
                            .build())
                    .enqueue(new Callback() {
                        @Override
                        public void onFailure(Call call, IOException e) {
                            failed.incrementAndGet();
                            permits.release();
                            done.countDown();
                        }

                        @Override
                        public void onResponse(Call call, Response response) throws IOException {
                            try (response) {
                                response.body().bytes();
                            }
                            permits.release();
                            done.countDown();
                        }
                    });
        }
        done.await();
        double rate = samples / ((System.nanoTime() - start) / 1e9);
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        if (failed.get() > 0) {
            System.out.println("WARNING: " + failed.get() + " bare requests failed");
        }
        return rate;
    }

    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
