package dev.evals4j.core.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The retry loop of evals4j's HTTP clients — model calls, embeddings and the Hugging Face Hub — run as a
 * {@link RetryPolicy} says; immutable and thread-safe.
 *
 * <p>{@link #run} calls a {@link Task}'s {@link Task#attempt attempt} until it succeeds, and after each failure
 * decides, in this order: a failure that is not retriable ends the call; so does one after the last retry the
 * policy allows; a delay the server asked for ({@link #serverDelay}) that is longer than
 * {@link RetryPolicy#maxRetryAfter()} ends it at once instead of blocking the caller; otherwise it waits the
 * server's delay, or else the policy's {@linkplain RetryPolicy#backoff backoff with jitter}, and tries again. How
 * the call ends is the task's to say ({@link Task#giveUp}), so each client keeps its own messages. Everything an
 * attempt does — a rate limit, a bound on requests in flight, statistics, reading the body — happens inside the
 * attempt, so it is done once per attempt and never while waiting between attempts.
 *
 * <p>It is a loop around whole attempts rather than an OkHttp interceptor: an attempt may go on after the answer's
 * headers (streaming a download into a file, reading a body under a concurrency permit), and each attempt gets
 * OkHttp's call timeout afresh. OkHttp's own {@code retryOnConnectionFailure} is switched off under it.
 */
public final class Retrier {
    private final RetryPolicy policy;
    private final TimeSource time;
    private final DoubleSupplier random;

    private Retrier(RetryPolicy policy, TimeSource time, DoubleSupplier random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.time = Objects.requireNonNull(time, "time");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A retrier on the system clock, with random jitter. */
    public static Retrier of(RetryPolicy policy) {
        return new Retrier(
                policy, TimeSource.system(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * A retrier on the given clock and source of jitter; tests pass a fake clock that does not wait.
     *
     * @param random numbers in {@code [0, 1)}
     */
    public static Retrier of(RetryPolicy policy, TimeSource time, DoubleSupplier random) {
        return new Retrier(policy, time, random);
    }

    /** When and how long this retrier waits. */
    public RetryPolicy policy() {
        return policy;
    }

    /** The clock it waits on, also the one to read HTTP dates with ({@link #serverDelay}). */
    public TimeSource timeSource() {
        return time;
    }

    /** Why {@link #run} gave up. */
    public enum Stop {
        /** The last failure will not change when tried again (a request the server refuses). */
        NOT_RETRIABLE,
        /** The policy's retries are used up. */
        RETRIES_EXHAUSTED,
        /** The server asked for a delay longer than {@link RetryPolicy#maxRetryAfter()}. */
        SERVER_DELAY_TOO_LONG,
        /** The thread was interrupted while waiting to retry; its interrupt flag is set again. */
        INTERRUPTED,
        /** The next wait would pass the call's deadline. */
        DEADLINE
    }

    /**
     * What one attempt gave: a value, or a failure.
     *
     * @param <T> the value of a success
     * @param <F> what the task keeps about a failure, for its messages
     */
    public sealed interface Outcome<T, F> {
        /** A success. */
        static <T, F> Outcome<T, F> success(T value) {
            return new Success<>(value);
        }

        /**
         * A failure.
         *
         * @param retriable whether trying again may succeed
         * @param serverDelay the delay the server asked for, if any ({@link #serverDelay})
         */
        static <T, F> Outcome<T, F> failure(F detail, boolean retriable, Optional<Duration> serverDelay) {
            return new Failure<>(detail, retriable, serverDelay);
        }
    }

    /** An attempt that succeeded. */
    public record Success<T, F>(T value) implements Outcome<T, F> {}

    /**
     * An attempt that failed.
     *
     * @param detail what the task keeps about it, for its messages
     * @param retriable whether trying again may succeed
     * @param serverDelay the delay the server asked for, if any
     */
    public record Failure<T, F>(F detail, boolean retriable, Optional<Duration> serverDelay) implements Outcome<T, F> {
        public Failure {
            Objects.requireNonNull(serverDelay, "serverDelay");
        }
    }

    /**
     * One operation to run with retries.
     *
     * @param <T> the value of a success
     * @param <F> what the task keeps about a failure
     */
    public interface Task<T, F> {
        /**
         * Makes one attempt. An exception thrown here ends the call at once, unchanged (for what must never be
         * retried, such as an interrupt).
         *
         * @param attempt 0 for the first attempt, 1 for the first retry, …
         */
        Outcome<T, F> attempt(int attempt);

        /**
         * Called before waiting to retry, to count or log it.
         *
         * @param retry 1 for the first retry, …
         * @param wait how long the retrier will wait
         */
        default void retrying(Failure<T, F> last, int retry, Duration wait) {}

        /**
         * The exception that ends the call.
         *
         * @param last the last attempt's failure
         * @param why why no further attempt is made
         * @param attempts how many attempts were made
         */
        RuntimeException giveUp(Failure<T, F> last, Stop why, int attempts);
    }

    /**
     * Runs the task until an attempt succeeds or the policy says to stop.
     *
     * @return the value of the successful attempt
     * @throws RuntimeException the task's {@link Task#giveUp} exception, or what an attempt threw
     */
    public <T, F> T run(Task<T, F> task) {
        return run(task, Optional.empty());
    }

    /**
     * Runs the task as {@link #run(Task)} does, but gives up ({@link Stop#DEADLINE}) instead of waiting past
     * {@code deadline} for a retry; the task keeps each attempt within it.
     */
    public <T, F> T run(Task<T, F> task, Optional<Instant> deadline) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(deadline, "deadline");
        for (int attempt = 0; ; attempt++) {
            Outcome<T, F> outcome = Objects.requireNonNull(task.attempt(attempt), "outcome");
            if (outcome instanceof Success<T, F> success) {
                return success.value();
            }
            Failure<T, F> failure = (Failure<T, F>) outcome;
            Next next = next(failure, attempt, deadline);
            if (next.stop() != null) {
                throw task.giveUp(failure, next.stop(), attempt + 1);
            }
            Duration wait = next.delay();
            task.retrying(failure, attempt + 1, wait);
            try {
                time.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw task.giveUp(failure, Stop.INTERRUPTED, attempt + 1);
            }
        }
    }

    /**
     * What follows a failed attempt: a stop, or a wait before the next attempt.
     *
     * @param stop why no further attempt is made, or null
     * @param delay how long to wait before the next attempt, when there is one
     */
    public record Next(@Nullable Stop stop, Duration delay) {}

    /**
     * What {@link #run} does after a failed attempt, for a caller that runs its attempts itself (without a thread
     * that waits between them): the rules of the class comment, in their order.
     *
     * @param attempt 0 for the first attempt, …
     */
    public <T, F> Next next(Failure<T, F> failure, int attempt, Optional<Instant> deadline) {
        if (!failure.retriable()) {
            return new Next(Stop.NOT_RETRIABLE, Duration.ZERO);
        }
        if (attempt >= policy.maxRetries()) {
            return new Next(Stop.RETRIES_EXHAUSTED, Duration.ZERO);
        }
        Duration wait;
        if (failure.serverDelay().isPresent()) {
            wait = failure.serverDelay().get();
            if (wait.compareTo(policy.maxRetryAfter()) > 0) {
                return new Next(Stop.SERVER_DELAY_TOO_LONG, Duration.ZERO);
            }
        } else {
            wait = policy.backoff(attempt, random.getAsDouble());
        }
        if (deadline.isPresent() && !time.now().plus(wait).isBefore(deadline.get())) {
            return new Next(Stop.DEADLINE, Duration.ZERO);
        }
        return new Next(null, wait);
    }

    /**
     * Whether an error answer may succeed when sent again: {@code x-should-retry: true} or {@code false} decides
     * (OpenAI's servers send it); otherwise 408, 429 and 5xx but 501 and 505, which will not change.
     */
    public static boolean retriable(Response response) {
        return retriable(response.code(), response::header);
    }

    /**
     * {@link #retriable(Response)} for an answer read by other means than OkHttp.
     *
     * @param header the last value of a header, by case-insensitive name, or null
     */
    public static boolean retriable(int code, Function<String, @Nullable String> header) {
        String should = header.apply("x-should-retry");
        if ("true".equalsIgnoreCase(should)) {
            return true;
        }
        if ("false".equalsIgnoreCase(should)) {
            return false;
        }
        return retriableStatus(code);
    }

    /** Whether a status may change when the request is sent again: 408, 429, and 5xx but 501 and 505. */
    public static boolean retriableStatus(int code) {
        return code == 408 || code == 429 || (code >= 500 && code <= 599 && code != 501 && code != 505);
    }

    /**
     * The delay a server asks for before a retry, from its headers:
     * <ul>
     *   <li>{@code retry-after-ms} in milliseconds (OpenAI), else {@code Retry-After} in seconds (fractions
     *       allowed) or as an HTTP date;</li>
     *   <li>the IETF {@code RateLimit} header ({@code "api";r=0;t=55}) when a policy has nothing remaining
     *       ({@code r=0}): its reset time {@code t} plus a second, as {@code huggingface_hub} waits, since no
     *       request can pass before the window resets.</li>
     * </ul>
     * When both kinds are there, the longer wins. Unreadable values are ignored.
     *
     * @param now the current wall-clock time, to read an HTTP date against
     */
    public static Optional<Duration> serverDelay(Response response, Instant now) {
        return serverDelay(response::header, response::headers, now);
    }

    /**
     * {@link #serverDelay(Response, Instant)} for an answer read by other means than OkHttp.
     *
     * @param header the last value of a header, by case-insensitive name, or null
     * @param headers all the values of a header, by case-insensitive name
     */
    public static Optional<Duration> serverDelay(
            Function<String, @Nullable String> header, Function<String, List<String>> headers, Instant now) {
        Optional<Duration> asked =
                retryAfterMs(header.apply("retry-after-ms")).or(() -> retryAfter(header.apply("Retry-After"), now));
        Optional<Duration> window = rateLimitReset(headers.apply("RateLimit"));
        if (asked.isPresent() && window.isPresent()) {
            return Optional.of(asked.get().compareTo(window.get()) >= 0 ? asked.get() : window.get());
        }
        return asked.or(() -> window);
    }

    private static Optional<Duration> retryAfterMs(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            double millis = Double.parseDouble(value.strip());
            return millis >= 0 && Double.isFinite(millis)
                    ? Optional.of(Duration.ofNanos((long) (millis * 1_000_000)))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.strip();
        try {
            double seconds = Double.parseDouble(text);
            return seconds >= 0 && Double.isFinite(seconds)
                    ? Optional.of(Duration.ofNanos((long) (seconds * 1e9)))
                    : Optional.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration until = Duration.between(now, at);
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }

    /**
     * The longest reset time, plus a second, of the policies in {@code RateLimit} headers that have nothing left.
     * Each list member is {@code "name";r=<remaining>;t=<seconds to reset>} (draft-ietf-httpapi-ratelimit-headers).
     */
    private static Optional<Duration> rateLimitReset(List<String> headers) {
        long longest = -1;
        for (String header : headers) {
            for (String member : header.split(",")) {
                Long remaining = null;
                Long reset = null;
                for (String parameter : member.split(";")) {
                    int eq = parameter.indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String name = parameter.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                    String value = parameter.substring(eq + 1).strip();
                    if (!value.matches("\\d{1,12}")) {
                        continue;
                    }
                    if (name.equals("r")) {
                        remaining = Long.parseLong(value);
                    } else if (name.equals("t")) {
                        reset = Long.parseLong(value);
                    }
                }
                if (remaining != null && remaining == 0 && reset != null) {
                    longest = Math.max(longest, reset);
                }
            }
        }
        return longest < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(longest + 1));
    }
}
