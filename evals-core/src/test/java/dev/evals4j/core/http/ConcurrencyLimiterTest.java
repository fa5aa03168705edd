package dev.evals4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.core.http.ConcurrencyLimiter.Outcome;
import dev.evals4j.core.http.ConcurrencyLimiter.Permit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {
    @Test
    void aFixedLimitMakesTheNextCallerWaitForAFreeSlot() throws Exception {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.fixed(2);
        Permit a = limiter.acquire();
        limiter.acquire();
        AtomicReference<Permit> third = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                third.set(limiter.acquire());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        while (waiter.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        assertThat(third.get()).isNull();
        assertThat(limiter.inFlight()).isEqualTo(2);

        limiter.release(a, Outcome.THROTTLED);
        waiter.join();

        assertThat(third.get()).isNotNull();
        assertThat(limiter.inFlight()).isEqualTo(2);
        assertThat(limiter.limit()).isEqualTo(2); // a fixed limit ignores overload
    }

    @Test
    void anAdaptiveLimitHalvesOncePerRoundOfThrottledAnswers() throws InterruptedException {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.adaptive(16);
        List<Permit> sentTogether = acquire(limiter, 8);

        for (Permit p : sentTogether) {
            limiter.release(p, Outcome.THROTTLED);
        }

        assertThat(limiter.limit()).isEqualTo(8);
        assertThat(limiter.decreases()).isEqualTo(1);

        Permit afterTheCut = limiter.acquire();
        limiter.release(afterTheCut, Outcome.THROTTLED);

        assertThat(limiter.limit()).isEqualTo(4);
        assertThat(limiter.decreases()).isEqualTo(2);
    }

    @Test
    void anAdaptiveLimitGrowsByOneAfterAsManySuccessesAsItsLimit() throws InterruptedException {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.adaptive(2, 1, 4);

        succeed(limiter, 1);
        assertThat(limiter.limit()).isEqualTo(2);
        succeed(limiter, 1);
        assertThat(limiter.limit()).isEqualTo(3);
        succeed(limiter, 3);
        assertThat(limiter.limit()).isEqualTo(4);
        succeed(limiter, 100);
        assertThat(limiter.limit()).isEqualTo(4);
    }

    @Test
    void anAdaptiveLimitNeverFallsBelowItsFloorAndIgnoresConnectionErrors() throws InterruptedException {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.adaptive(2, 1, 4);
        for (int i = 0; i < 5; i++) {
            limiter.release(limiter.acquire(), Outcome.THROTTLED);
        }
        assertThat(limiter.limit()).isEqualTo(1);

        limiter.release(limiter.acquire(), Outcome.IGNORED);

        assertThat(limiter.limit()).isEqualTo(1);
    }

    @Test
    void aPermitCannotBeReleasedTwice() throws InterruptedException {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.fixed(1);
        Permit p = limiter.acquire();
        limiter.release(p, Outcome.SUCCESS);

        assertThatThrownBy(() -> limiter.release(p, Outcome.SUCCESS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this permit was already released");
        assertThat(limiter.inFlight()).isZero();
    }

    private static List<Permit> acquire(ConcurrencyLimiter limiter, int n) throws InterruptedException {
        List<Permit> permits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            permits.add(limiter.acquire());
        }
        return permits;
    }

    private static void succeed(ConcurrencyLimiter limiter, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            limiter.release(limiter.acquire(), Outcome.SUCCESS);
        }
    }
}
