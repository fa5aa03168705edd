package dev.evals4j.bench.throughput;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The floor of a blocking JVM client: N threads posting the same chat-completion body with OkHttp 5, a connection
 * each, nothing else — the JVM counterpart of {@code loadtest_mock.js}, to time as a whole process beside
 * {@code ./evals run} ({@code docs/benchmarks.md}).
 *
 * <pre>{@code java -cp evals-bench/target/benchmarks.jar dev.evals4j.bench.throughput.BareOkHttpLoad PORT N TOTAL}</pre>
 */
public final class BareOkHttpLoad {
    private BareOkHttpLoad() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: BareOkHttpLoad PORT CONCURRENCY TOTAL");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int concurrency = Integer.parseInt(args[1]);
        int total = Integer.parseInt(args[2]);
        OkHttpClient client = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(concurrency, 5, TimeUnit.MINUTES))
                .build();
        RequestBody body = RequestBody.create(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Q?\"}]}",
                MediaType.get("application/json"));
        String url = "http://127.0.0.1:" + port + "/v1/chat/completions";
        AtomicInteger left = new AtomicInteger(total);
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            pool.execute(() -> {
                try {
                    while (left.getAndDecrement() > 0) {
                        Request request =
                                new Request.Builder().url(url).post(body).build();
                        try (Response response = client.newCall(request).execute()) {
                            if (!response.isSuccessful()
                                    || response.body().string().isEmpty()) {
                                failed.incrementAndGet();
                            }
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "{\"conc\":%d,\"total\":%d,\"seconds\":%.3f,\"rps\":%.1f,\"bad\":%d}%n",
                concurrency,
                total,
                seconds,
                total / seconds,
                failed.get());
        System.exit(0);
    }
}
