package dev.evals4j.junit.server;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A failure the fake server answers with instead of an answer, as real model servers fail: rate limits, server
 * errors, hangs, malformed bodies and dropped connections. A fault is a {@link Reply}, so it can be scripted for one
 * call, given by a {@link Responder}, or injected for every Nth call or a share of calls
 * ({@link FakeModelServer.Builder#faultEvery}, {@link FakeModelServer.Builder#faultShare}).
 */
public sealed interface Fault extends Reply
        permits Fault.RateLimited,
                Fault.ServerError,
                Fault.Hang,
                Fault.MalformedBody,
                Fault.ConnectionReset,
                Fault.ApiError {

    /** A 429 that asks the client to retry after one second. */
    static Fault rateLimited() {
        return new RateLimited(Duration.ofSeconds(1));
    }

    /**
     * A 429 with OpenAI's rate-limit body ({@code "type": "requests", "code": "rate_limit_exceeded"}), a
     * {@code Retry-After} header with this delay in seconds (fractions are written as decimals, such as
     * {@code 0.25}; OpenAI itself sends whole seconds) and {@code x-ratelimit-*} headers.
     */
    static Fault rateLimited(Duration retryAfter) {
        return new RateLimited(retryAfter);
    }

    /**
     * A server error with the body OpenAI's infrastructure sends: 500 ({@code server_error}, "The server had an error
     * while processing your request. Sorry about that!"), 502 (Cloudflare's {@code cf_bad_gateway}, "Bad gateway.")
     * or 503 ("That model is currently overloaded with other requests. …").
     *
     * @throws IllegalArgumentException for another status; {@link #error} gives any status and body
     */
    static Fault serverError(int status) {
        return new ServerError(status);
    }

    /** A call that is never answered: the connection stays open, silent, until the server is closed. */
    static Fault hang() {
        return new Hang(Optional.empty());
    }

    /** A call that is not answered for this long, after which the connection is closed without an answer. */
    static Fault hang(Duration closeAfter) {
        return new Hang(Optional.of(closeAfter));
    }

    /** A 200 answer whose body a client cannot use; see {@link Malformed}. */
    static Fault malformed(Malformed kind) {
        return new MalformedBody(kind);
    }

    /** The connection closed after the request was read, without an answer (the client sees the stream end). */
    static Fault connectionReset() {
        return new ConnectionReset();
    }

    /**
     * An error with this status in OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}}; for
     * instance {@code error(400, "This model's maximum context length is 4097 tokens. …", "invalid_request_error",
     * "messages", "context_length_exceeded")}.
     */
    static Fault error(int status, String message, String type, @Nullable String param, @Nullable String code) {
        return new ApiError(status, message, type, Optional.ofNullable(param), Optional.ofNullable(code));
    }

    /** Bodies, all with status 200, that a client cannot read as an answer. */
    enum Malformed {
        /** An HTML page instead of JSON, as a proxy or a web UI at the wrong path answers. */
        HTML,
        /** The JSON of a normal answer cut in the middle. */
        TRUNCATED_JSON,
        /** A well-formed answer with {@code "choices": []} (embeddings: {@code "data": []}). */
        EMPTY_CHOICES,
        /**
         * A chat answer with {@code "content": null} and a refusal, as OpenAI sends a refusal (completions: an
         * empty text with {@code finish_reason: "content_filter"}; embeddings: {@code "embedding": null}).
         */
        NULL_CONTENT
    }

    /** A 429 with {@code Retry-After}. */
    record RateLimited(Duration retryAfter) implements Fault {
        public RateLimited {
            Objects.requireNonNull(retryAfter, "retryAfter");
            if (retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
            }
        }
    }

    /** A 500, 502 or 503 with the body OpenAI's infrastructure sends. */
    record ServerError(int status) implements Fault {
        public ServerError {
            if (status != 500 && status != 502 && status != 503) {
                throw new IllegalArgumentException("serverError takes 500, 502 or 503, was " + status
                        + "; Fault.error(status, message, type, param, code) answers any status");
            }
        }
    }

    /** No answer: forever (until the server closes), or for a while and then a closed connection. */
    record Hang(Optional<Duration> closeAfter) implements Fault {
        public Hang {
            Objects.requireNonNull(closeAfter, "closeAfter");
            closeAfter.ifPresent(d -> {
                if (d.isNegative()) {
                    throw new IllegalArgumentException("a hang must not be negative, was " + d);
                }
            });
        }
    }

    /** A 200 answer with a body a client cannot use. */
    record MalformedBody(Malformed kind) implements Fault {
        public MalformedBody {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** The connection closed without an answer. */
    record ConnectionReset() implements Fault {}

    /** Any error status with a body in OpenAI's shape. */
    record ApiError(int status, String message, String type, Optional<String> param, Optional<String> code)
            implements Fault {
        public ApiError {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an error status must be from 400 to 599, was " + status);
            }
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(code, "code");
        }
    }
}
