package dev.evals4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void backoffDoublesUpToTheCapWithoutJitterWhenTheRandomNumberIsZero() {
        RetryPolicy policy = RetryPolicy.DEFAULT;

        assertThat(policy.backoff(0, 0)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.backoff(1, 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(4, 0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.backoff(5, 0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.backoff(1000, 0)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void partialJitterTakesItsShareOffTheComputedWait() {
        RetryPolicy half = RetryPolicy.DEFAULT.withJitter(0.5);

        assertThat(half.backoff(1, 0.5)).isEqualTo(Duration.ofMillis(750));
        assertThat(half.backoff(1, 0.999)).isGreaterThan(Duration.ofMillis(500));
    }

    @Test
    void fullJitterSpreadsTheWaitFromZeroToTheComputedOne() {
        RetryPolicy full = RetryPolicy.DEFAULT.withJitter(1);

        assertThat(full.backoff(2, 0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(full.backoff(2, 0.75)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.withMaxRetries(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRetries must be at least 0, was -1");
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.withJitter(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jitter must be from 0 to 1, was 1.5");
    }
}
