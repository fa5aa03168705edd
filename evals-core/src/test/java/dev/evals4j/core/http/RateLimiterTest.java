package dev.evals4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void spacesRequestsToTheRate() throws InterruptedException {
        FakeTime time = new FakeTime();
        RateLimiter limiter = RateLimiter.of(4, 1, time);

        assertThat(limiter.acquire()).isEqualTo(Duration.ZERO);
        assertThat(limiter.acquire()).isEqualTo(Duration.ofMillis(250));
        assertThat(limiter.acquire()).isEqualTo(Duration.ofMillis(250));
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));
    }

    @Test
    void callersArrivingTogetherQueueOneIntervalApart() throws InterruptedException {
        // the clock stands still, as it does for many threads asking at the same instant
        RateLimiter limiter = RateLimiter.of(10, 1, new FakeTime(false));

        assertThat(limiter.acquire()).isEqualTo(Duration.ZERO);
        assertThat(limiter.acquire()).isEqualTo(Duration.ofMillis(100));
        assertThat(limiter.acquire()).isEqualTo(Duration.ofMillis(200));
        assertThat(limiter.acquire()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aBurstIsAllowedAfterAQuietSpellButNotMore() throws InterruptedException {
        FakeTime time = new FakeTime(false);
        RateLimiter limiter = RateLimiter.of(2, 3, time);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire()).isEqualTo(Duration.ZERO);
        }
        assertThat(limiter.acquire()).isEqualTo(Duration.ofMillis(500));

        time.advance(Duration.ofSeconds(60));

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire()).isEqualTo(Duration.ZERO);
        }
        assertThat(limiter.acquire()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThatThrownBy(() -> RateLimiter.perSecond(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requestsPerSecond must be a number above 0, was 0.0");
    }
}
