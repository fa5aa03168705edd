package dev.evals4j.core.http;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of what a {@link ModelHttpClient} has done since it was built, for progress displays and reports.
 *
 * @param calls requests asked for by callers
 * @param attempts requests sent, first attempts and retries together
 * @param retries attempts that were retries
 * @param throttled answers that said the server is overloaded (429 or 503)
 * @param failed calls that ended in an exception
 * @param rateLimitWait the time callers spent waiting for the request-rate limit, summed over threads
 * @param concurrencyLimit the current bound on requests in flight, or 0 when there is none
 * @param failures the calls that failed, by cause: {@code timeout}, {@code connection}, {@code http_<status>},
 *     {@code too_large}, {@code deadline}, and what the caller counts ({@code unreadable_answer},
 *     {@code no_content}, …)
 */
public record HttpStats(
        long calls,
        long attempts,
        long retries,
        long throttled,
        long failed,
        Duration rateLimitWait,
        int concurrencyLimit,
        Map<String, Long> failures) {
    public HttpStats {
        failures = Collections.unmodifiableMap(new TreeMap<>(failures));
    }
}
