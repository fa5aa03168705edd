package dev.evals4j.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.core.http.Retrier;
import dev.evals4j.core.http.RetryPolicy;
import dev.evals4j.core.http.TimeSource;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.internal.KnownSecrets;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET requests to the Hub, run by evals-core's {@link Retrier} with the Hub's own {@link #RETRY_POLICY}: 408, 429
 * and 5xx answers, failed connections and bodies cut short are retried, honouring the {@code RateLimit} and
 * {@code Retry-After} headers; a host name that does not resolve fails at once; failures become messages that say
 * what to do.
 *
 * <p>OkHttp follows the redirects. It drops {@code Authorization} when a redirect leaves the host (another host,
 * port or scheme), so the token reaches only the Hub's origin, never the storage a download is redirected to; the
 * first answer's headers ({@code X-Repo-Commit}, {@code X-Linked-Etag}, {@code X-Linked-Size}) are read from the
 * {@link Response#priorResponse()} chain.
 */
final class HubHttp {
    private static final Logger LOG = LoggerFactory.getLogger(HubHttp.class);

    /**
     * The Hub's retry policy, as {@code huggingface_hub} retries: 5 retries, waiting 1, 2, 4, 8, 8 seconds (no
     * jitter) unless the Hub asks for a delay, which is honoured up to 5 minutes.
     */
    static final RetryPolicy RETRY_POLICY =
            new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(8), 0, Duration.ofMinutes(5));

    /** What a request is for, for messages: {@code action} reads as "cannot {action}". */
    record Target(String action, String repo, String revision, Optional<String> path) {}

    /** A successful answer, the headers of the first answer of its redirect chain, and where it came from. */
    record Answer(Response response, Headers first, HttpUrl url) {}

    /** Reads a successful answer within its attempt; an {@link IOException} fails the attempt, to be retried. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(Answer answer) throws IOException;
    }

    /** The Hub answered with an error status, or could not be reached. */
    static final class HubAnswerException extends DatasetLoadException {
        private final int status;
        private final String errorCode;
        private final boolean transientFailure;

        HubAnswerException(String message, int status, String errorCode, boolean transientFailure) {
            this(message, status, errorCode, transientFailure, null);
        }

        HubAnswerException(String message, int status, String errorCode, boolean transientFailure, Throwable cause) {
            super(message, cause);
            this.status = status;
            this.errorCode = errorCode;
            this.transientFailure = transientFailure;
        }

        int status() {
            return status;
        }

        String errorCode() {
            return errorCode;
        }

        /** A failure that may pass (5xx, 429, connection): the cache may stand in. */
        boolean isTransient() {
            return transientFailure;
        }
    }

    /**
     * Why an attempt failed: the Hub's answer (its status, {@code X-Error-Code}, message, and whether the request
     * carried the token) or, with status -1, the exception of a request or body that did not get through.
     */
    private record Failed(int status, String errorCode, String detail, boolean sentToken, IOException error) {
        static Failed of(Response response) {
            String detail =
                    Optional.ofNullable(response.header("X-Error-Message")).orElseGet(() -> bodyError(response));
            return new Failed(
                    response.code(),
                    response.header("X-Error-Code", ""),
                    detail,
                    response.request().header("Authorization") != null,
                    null);
        }

        static Failed of(IOException e) {
            return new Failed(-1, "", "", false, e);
        }
    }

    private final OkHttpClient client;
    private final HttpUrl endpoint;
    private final Optional<String> token;
    private final Retrier retrier;
    private final String userAgent;

    HubHttp(
            OkHttpClient client,
            HttpUrl endpoint,
            Optional<String> token,
            RetryPolicy retryPolicy,
            TimeSource time,
            String userAgent) {
        this.client = client.newBuilder()
                .followRedirects(true)
                // the Retrier is the only retry loop
                .retryOnConnectionFailure(false)
                .build();
        this.endpoint = endpoint;
        this.token = token;
        this.retrier =
                Retrier.of(retryPolicy, time, () -> ThreadLocalRandom.current().nextDouble());
        this.userAgent = userAgent;
    }

    /**
     * Sends a GET and reads the successful answer with {@code reader}, retrying the whole attempt — request and
     * reading — when it fails transiently.
     *
     * @return what {@code reader} returned
     * @throws HubAnswerException when the Hub answers with an error, or cannot be reached or read, after the
     *     retries for transient failures
     */
    <T> T get(HttpUrl url, Target target, BodyReader<T> reader) {
        return retrier.run(new Retrier.Task<T, Failed>() {
            @Override
            public Retrier.Outcome<T, Failed> attempt(int attempt) {
                return HubHttp.this.attempt(url, target, reader);
            }

            @Override
            public void retrying(Retrier.Failure<T, Failed> last, int retry, Duration wait) {
                Failed f = last.detail();
                LOG.debug(
                        "Cannot {} ({}); retry {} of {} in {}",
                        target.action(),
                        f.error() != null ? describe(f.error()) : "the Hub answered " + f.status(),
                        retry,
                        retrier.policy().maxRetries(),
                        wait);
            }

            @Override
            public RuntimeException giveUp(Retrier.Failure<T, Failed> last, Retrier.Stop why, int attempts) {
                return failure(last, why, target, attempts);
            }
        });
    }

    private <T> Retrier.Outcome<T, Failed> attempt(HttpUrl url, Target target, BodyReader<T> reader) {
        Request.Builder request = new Request.Builder().url(url).get().header("User-Agent", userAgent);
        if (token.isPresent() && sameOrigin(url, endpoint)) {
            request.header("Authorization", "Bearer " + token.get());
        }
        try (Response response = client.newCall(request.build()).execute()) {
            if (response.isSuccessful()) {
                return Retrier.Outcome.success(reader.read(
                        new Answer(response, first(response), response.request().url())));
            }
            return Retrier.Outcome.failure(
                    Failed.of(response),
                    Retrier.retriable(response),
                    Retrier.serverDelay(response, retrier.timeSource().now()));
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new DatasetLoadException("cannot " + target.action() + ": interrupted", e);
            }
            // too many redirects will not change when asked again, nor will a host name that does not resolve
            // (offline, or a misspelt HF_ENDPOINT): fail at once rather than retry for half a minute
            return Retrier.Outcome.failure(
                    Failed.of(e),
                    !(e instanceof ProtocolException || e instanceof UnknownHostException),
                    Optional.empty());
        }
    }

    /** The headers of the first answer of a redirect chain. */
    private static Headers first(Response response) {
        Response first = response;
        while (first.priorResponse() != null) {
            first = first.priorResponse();
        }
        return first.headers();
    }

    /** Whether a URL is on the Hub's own origin (scheme, host and port), the only place the token is sent. */
    static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
    }

    private <T> RuntimeException failure(
            Retrier.Failure<T, Failed> last, Retrier.Stop why, Target target, int attempts) {
        Failed f = last.detail();
        String cannot = "cannot " + target.action() + ": ";
        if (why == Retrier.Stop.INTERRUPTED) {
            return new DatasetLoadException("interrupted while waiting to retry: cannot " + target.action());
        }
        if (f.error() instanceof UnknownHostException) {
            // transient for the cache: a dataset read before is read from it, with a warning
            return new HubAnswerException(
                    cannot + "the host " + endpoint.host() + " could not be resolved (no network, or a misspelt"
                            + " endpoint); to work offline set HF_HUB_OFFLINE=1, which reads the datasets read before"
                            + " from the cache, or set HF_ENDPOINT to a mirror you can reach",
                    -1,
                    "",
                    true,
                    f.error());
        }
        if (f.error() != null) {
            return new HubAnswerException(
                    cannot + describe(f.error()) + (attempts > 1 ? " (tried " + attempts + " times)" : ""),
                    -1,
                    "",
                    last.retriable(),
                    f.error());
        }
        int code = f.status();
        String errorCode = f.errorCode();
        String detail = f.detail();
        if (why == Retrier.Stop.SERVER_DELAY_TOO_LONG) {
            return new HubAnswerException(
                    cannot + "the Hub answered " + code + " and asks to wait "
                            + last.serverDelay().orElseThrow().toSeconds() + " s, longer than the "
                            + retrier.policy().maxRetryAfter().toSeconds()
                            + " s this client waits (HubClient.builder().maxRetryWait); try again later",
                    code,
                    errorCode,
                    true);
        }
        boolean sentToken = f.sentToken();
        String page = webUrl("datasets/" + target.repo());
        String tokenHelp = "set HF_TOKEN to an access token from " + webUrl("settings/tokens")
                + " (or give one with HubClient.builder().token(…))";
        String message;
        if (why == Retrier.Stop.RETRIES_EXHAUSTED) {
            message = cannot + "the Hub answered " + code + withDetail(detail) + " " + attempts
                    + (attempts == 1 ? " time" : " times") + "; giving up";
        } else if ((code == 401 || code == 403) && errorCode.equals("GatedRepo")) {
            message = sentToken
                    ? cannot + target.repo() + " is a gated dataset and the token's account has no access to it"
                            + withDetail(detail) + ". Ask for access at " + page
                    : cannot + target.repo() + " is a gated dataset" + withDetail(detail)
                            + ". Accept its conditions at " + page + ", then " + tokenHelp;
        } else if (code == 401) {
            if (sentToken && detail.contains("Invalid credentials")) {
                message = cannot + "the Hub refused the token (" + detail + "); check HF_TOKEN or the token given to"
                        + " HubClient.builder().token(…)";
            } else if (sentToken) {
                message = cannot + "the Hub answered 401" + withDetail(detail) + ": " + target.repo()
                        + " does not exist, or the token cannot see it";
            } else {
                message = cannot + "the Hub answered 401" + withDetail(detail) + ": " + target.repo()
                        + " does not exist, or it is private or gated and needs a token. Check the name at " + page
                        + "; for a private or gated dataset, " + tokenHelp;
            }
        } else if (code == 403) {
            message = sentToken
                    ? cannot + "the Hub answered 403" + withDetail(detail) + ": the token has no access to "
                            + target.repo()
                    : cannot + "the Hub answered 403" + withDetail(detail) + "; " + target.repo()
                            + " may need a token: " + tokenHelp;
        } else if (code == 404 && errorCode.equals("RepoNotFound")) {
            message = cannot + "the dataset " + target.repo() + " does not exist on " + endpoint
                    + (sentToken ? ", or the token cannot see it" : "");
        } else if (code == 404 && errorCode.equals("RevisionNotFound")) {
            message = cannot + target.repo() + " has no revision '" + target.revision() + "'";
        } else if (code == 404
                && errorCode.equals("EntryNotFound")
                && target.path().isPresent()) {
            message = cannot + target.repo() + " has no file '" + target.path().get() + "' at revision "
                    + target.revision();
        } else {
            message = cannot + "the Hub answered " + code + withDetail(detail);
        }
        // the Hub's error bodies may echo the Authorization header: the token never reaches a message
        String scrubbed = KnownSecrets.scrub(message);
        if (token.isPresent() && token.get().length() >= 4) {
            scrubbed = scrubbed.replace(token.get(), KnownSecrets.MASK);
        }
        return new HubAnswerException(scrubbed, code, errorCode, Retrier.retriableStatus(code));
    }

    private static String withDetail(String detail) {
        return detail.isBlank() ? "" : " (" + detail + ")";
    }

    private String webUrl(String path) {
        return endpoint.newBuilder().addPathSegments(path).build().toString();
    }

    /** The Hub's {@code {"error": …}} body, else the start of the body. */
    private static String bodyError(Response response) {
        ResponseBody body = response.body();
        String text;
        try {
            okio.BufferedSource source = body.source();
            source.request(2048);
            text = source.getBuffer()
                    .readUtf8(Math.min(2048, source.getBuffer().size()))
                    .strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
        if (text.startsWith("{")) {
            try {
                JsonNode json = Json.MAPPER.readTree(text);
                JsonNode error = json.has("error") ? json.get("error") : json.path("error_description");
                if (error.isTextual()) {
                    return error.asText();
                }
                if (error.isArray() && !error.isEmpty()) {
                    return error.get(0).asText();
                }
            } catch (IOException ignored) {
                // not JSON after all: show the text
            }
        }
        if (text.startsWith("<")) {
            return "";
        }
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message != null && !message.isBlank() ? " (" + message + ")" : "");
    }
}
