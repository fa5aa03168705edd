package dev.evals4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class RetrierTest {
    private static final Instant NOW = Instant.parse("2026-05-04T10:15:30Z");
    private final FakeTime time = new FakeTime();

    private static Response answer(int code, String... headers) {
        Response.Builder b = new Response.Builder()
                .request(new Request.Builder().url("http://127.0.0.1/v1").build())
                .protocol(Protocol.HTTP_1_1)
                .code(code)
                .message("");
        for (int i = 0; i < headers.length; i += 2) {
            b.addHeader(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    private static Optional<Duration> delay(String... headers) {
        return Retrier.serverDelay(answer(429, headers), NOW);
    }

    @Test
    void retryAfterMsComesBeforeRetryAfterInSecondsOrAsADate() {
        assertThat(delay("retry-after-ms", "1500", "Retry-After", "9")).contains(Duration.ofMillis(1500));
        assertThat(delay("Retry-After", "2.5")).contains(Duration.ofMillis(2500));
        assertThat(delay("Retry-After", "Mon, 04 May 2026 10:15:37 GMT")).contains(Duration.ofSeconds(7));
        assertThat(delay("Retry-After", "Mon, 04 May 2026 10:15:00 GMT")).contains(Duration.ZERO);
    }

    @Test
    void aRateLimitWithNothingLeftAsksToWaitForTheResetPlusASecond() {
        assertThat(delay("RateLimit", "\"api\";r=0;t=55")).contains(Duration.ofSeconds(56));
        assertThat(delay("RateLimit", "\"api\";r=12;t=55")).isEmpty();
        assertThat(delay("RateLimit", "\"api\";r=3;t=5, \"resolvers\";r=0;t=40"))
                .contains(Duration.ofSeconds(41));
    }

    @Test
    void theLongerOfRetryAfterAndAnEmptyRateLimitWins() {
        assertThat(delay("Retry-After", "5", "RateLimit", "\"api\";r=0;t=55")).contains(Duration.ofSeconds(56));
        assertThat(delay("Retry-After", "90", "RateLimit", "\"api\";r=0;t=55")).contains(Duration.ofSeconds(90));
    }

    @Test
    void unreadableDelaysAreIgnored() {
        assertThat(delay()).isEmpty();
        assertThat(delay("retry-after-ms", "soon", "Retry-After", "3")).contains(Duration.ofSeconds(3));
        assertThat(delay("Retry-After", "-1")).isEmpty();
        assertThat(delay("Retry-After", "tomorrow")).isEmpty();
        assertThat(delay("RateLimit", "\"api\";r=0;t=later")).isEmpty();
    }

    @Test
    void retriableStatusesAndTheServersOwnSay() {
        assertThat(List.of(408, 429, 500, 502, 503, 504, 507, 520))
                .allSatisfy(code -> assertThat(Retrier.retriable(answer(code))).isTrue());
        assertThat(List.of(400, 401, 403, 404, 409, 422, 501, 505))
                .allSatisfy(code -> assertThat(Retrier.retriable(answer(code))).isFalse());
        assertThat(Retrier.retriable(answer(409, "x-should-retry", "true"))).isTrue();
        assertThat(Retrier.retriable(answer(503, "x-should-retry", "false"))).isFalse();
    }

    /** A task whose attempts fail with the given outcomes, then succeed; it records how it ended. */
    private static final class Scripted implements Retrier.Task<String, String> {
        final List<Retrier.Outcome<String, String>> script;
        final AtomicInteger attempts = new AtomicInteger();
        final List<String> retries = new ArrayList<>();

        Scripted(List<Retrier.Outcome<String, String>> script) {
            this.script = script;
        }

        @Override
        public Retrier.Outcome<String, String> attempt(int attempt) {
            assertThat(attempt).isEqualTo(attempts.getAndIncrement());
            return attempt < script.size() ? script.get(attempt) : Retrier.Outcome.success("ok");
        }

        @Override
        public void retrying(Retrier.Failure<String, String> last, int retry, Duration wait) {
            retries.add(last.detail() + " retry " + retry + " in " + wait);
        }

        @Override
        public RuntimeException giveUp(Retrier.Failure<String, String> last, Retrier.Stop why, int attempts) {
            return new IllegalStateException(last.detail() + ": " + why + " after " + attempts);
        }
    }

    private static Retrier.Outcome<String, String> busy(Duration serverDelay) {
        return Retrier.Outcome.failure("503", true, Optional.ofNullable(serverDelay));
    }

    @Test
    void waitsTheServersDelayElseTheBackoffAndReturnsTheSuccess() {
        Retrier retrier = Retrier.of(RetryPolicy.DEFAULT, time, () -> 0);
        Scripted task = new Scripted(List.of(busy(null), busy(Duration.ofSeconds(3)), busy(null)));

        assertThat(retrier.run(task)).isEqualTo("ok");

        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(2));
        assertThat(task.retries).containsExactly("503 retry 1 in PT0.5S", "503 retry 2 in PT3S", "503 retry 3 in PT2S");
    }

    @Test
    void givesUpSayingWhy() {
        Retrier retrier = Retrier.of(RetryPolicy.DEFAULT.withMaxRetries(1), time, () -> 0);

        assertThatThrownBy(() ->
                        retrier.run(new Scripted(List.of(Retrier.Outcome.failure("400", false, Optional.empty())))))
                .hasMessage("400: NOT_RETRIABLE after 1");
        assertThatThrownBy(() -> retrier.run(new Scripted(List.of(busy(null), busy(null)))))
                .hasMessage("503: RETRIES_EXHAUSTED after 2");
        assertThatThrownBy(() -> retrier.run(new Scripted(List.of(busy(Duration.ofSeconds(61))))))
                .hasMessage("503: SERVER_DELAY_TOO_LONG after 1");
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void anInterruptWhileWaitingEndsTheCallAndKeepsTheFlag() {
        TimeSource interrupted = new TimeSource() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public Instant now() {
                return NOW;
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                throw new InterruptedException();
            }
        };
        Retrier retrier = Retrier.of(RetryPolicy.DEFAULT, interrupted, () -> 0);
        try {
            assertThatThrownBy(() -> retrier.run(new Scripted(List.of(busy(null)))))
                    .hasMessage("503: INTERRUPTED after 1");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
