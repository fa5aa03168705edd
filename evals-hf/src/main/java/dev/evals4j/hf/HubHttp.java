package dev.evals4j.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.core.internal.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * GET requests to the Hub: redirects followed by hand, so that the token goes only to the Hub's own origin and the
 * first answer's headers ({@code X-Repo-Commit}, {@code X-Linked-Etag}, {@code X-Linked-Size}) can be read; 408,
 * 429 and 5xx answers and connection failures retried a bounded number of times, honouring {@code RateLimit} and
 * {@code Retry-After}; failures turned into messages that say what to do.
 */
final class HubHttp {
    private static final Set<Integer> RETRYABLE = Set.of(408, 429, 500, 502, 503, 504);
    private static final Pattern RATE_LIMIT_REMAINING = Pattern.compile("(?:^|;)\\s*r=(\\d+)");
    private static final Pattern RATE_LIMIT_RESET = Pattern.compile("(?:^|;)\\s*t=(\\d+)");
    private static final int MAX_REDIRECTS = 10;

    /** Waits between attempts; tests replace it to record the waits instead. */
    @FunctionalInterface
    interface Sleeper {
        Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }

    /** What a request is for, for messages: {@code action} reads as "cannot {action}". */
    record Target(String action, String repo, String revision, Optional<String> path) {}

    /** A successful answer, the headers of the first answer of its redirect chain, and where it came from. */
    record Answer(Response response, Headers first, HttpUrl url) implements AutoCloseable {
        @Override
        public void close() {
            response.close();
        }
    }

    /** The Hub answered with an error status. */
    static final class HubAnswerException extends DatasetLoadException {
        private final int status;
        private final String errorCode;
        private final boolean transientFailure;

        HubAnswerException(String message, int status, String errorCode, boolean transientFailure) {
            super(message);
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

    private final OkHttpClient client;
    private final HttpUrl endpoint;
    private final Optional<String> token;
    private final int maxRetries;
    private final Duration maxRetryWait;
    private final Sleeper sleeper;
    private final String userAgent;

    HubHttp(
            OkHttpClient client,
            HttpUrl endpoint,
            Optional<String> token,
            int maxRetries,
            Duration maxRetryWait,
            Sleeper sleeper,
            String userAgent) {
        this.client = client.newBuilder()
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
        this.endpoint = endpoint;
        this.token = token;
        this.maxRetries = maxRetries;
        this.maxRetryWait = maxRetryWait;
        this.sleeper = sleeper;
        this.userAgent = userAgent;
    }

    /**
     * Sends a GET and returns the successful answer, which the caller closes.
     *
     * @throws HubAnswerException when the Hub answers with an error, after the retries for transient ones
     */
    Answer get(HttpUrl url, Target target) {
        int attempt = 0;
        while (true) {
            Answer answer;
            try {
                answer = follow(url, target);
            } catch (IOException e) {
                if (attempt >= maxRetries) {
                    throw new HubAnswerException(
                            "cannot " + target.action() + ": " + describe(e) + " (tried " + (attempt + 1) + " times)",
                            -1,
                            "",
                            true);
                }
                pause(backoff(attempt), target);
                attempt++;
                continue;
            }
            Response response = answer.response();
            if (response.isSuccessful()) {
                return answer;
            }
            try {
                int code = response.code();
                if (RETRYABLE.contains(code) && attempt < maxRetries) {
                    Duration wait = waitFor(response, attempt);
                    if (wait.compareTo(maxRetryWait) > 0) {
                        throw new HubAnswerException(
                                "cannot " + target.action() + ": the Hub answered " + code
                                        + " and asks to wait " + wait.toSeconds() + " s, longer than the "
                                        + maxRetryWait.toSeconds()
                                        + " s this client waits (HubClient.builder().maxRetryWait);"
                                        + " try again later",
                                code,
                                response.header("X-Error-Code", ""),
                                true);
                    }
                    response.close();
                    pause(wait, target);
                    attempt++;
                    continue;
                }
                throw failure(response, answer.url(), target, attempt + 1);
            } finally {
                response.close();
            }
        }
    }

    private Answer follow(HttpUrl url, Target target) throws IOException {
        HttpUrl current = url;
        Headers first = null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Request.Builder request = new Request.Builder().url(current).get().header("User-Agent", userAgent);
            if (token.isPresent() && sameOrigin(current, endpoint)) {
                request.header("Authorization", "Bearer " + token.get());
            }
            Response response = client.newCall(request.build()).execute();
            if (first == null) {
                first = response.headers();
            }
            if (!response.isRedirect()) {
                return new Answer(response, first, current);
            }
            String location = response.header("Location");
            response.close();
            HttpUrl next = location == null ? null : current.resolve(location);
            if (next == null) {
                throw new HubAnswerException(
                        "cannot " + target.action() + ": the Hub answered " + response.code()
                                + " without a usable Location",
                        response.code(),
                        "",
                        false);
            }
            current = next;
        }
        throw new HubAnswerException(
                "cannot " + target.action() + ": more than " + MAX_REDIRECTS + " redirects", 0, "", false);
    }

    /** Whether a URL is on the Hub's own origin (scheme, host and port), the only place the token is sent. */
    static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
    }

    private void pause(Duration wait, Target target) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetLoadException("interrupted while waiting to retry: cannot " + target.action());
        }
    }

    /** 1, 2, 4, 8, 8 … seconds, as huggingface_hub waits. */
    static Duration backoff(int attempt) {
        return Duration.ofSeconds(Math.min(8, 1L << Math.min(attempt, 3)));
    }

    /** How long the Hub asks to wait: {@code RateLimit} with nothing left, else {@code Retry-After}, else backoff. */
    static Duration waitFor(Response response, int attempt) {
        String rateLimit = response.header("RateLimit");
        if (rateLimit != null) {
            Matcher remaining = RATE_LIMIT_REMAINING.matcher(rateLimit);
            Matcher reset = RATE_LIMIT_RESET.matcher(rateLimit);
            if (remaining.find() && Long.parseLong(remaining.group(1)) == 0 && reset.find()) {
                return Duration.ofSeconds(Long.parseLong(reset.group(1)) + 1);
            }
        }
        String retryAfter = response.header("Retry-After");
        if (retryAfter != null) {
            String value = retryAfter.strip();
            if (value.matches("\\d{1,9}")) {
                return Duration.ofSeconds(Long.parseLong(value));
            }
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration until = Duration.between(Instant.now(), at);
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException ignored) {
                // an unreadable Retry-After: back off as if there were none
            }
        }
        return backoff(attempt);
    }

    private HubAnswerException failure(Response response, HttpUrl url, Target target, int attempts) {
        int code = response.code();
        String errorCode = response.header("X-Error-Code", "");
        String detail = Optional.ofNullable(response.header("X-Error-Message")).orElseGet(() -> bodyError(response));
        boolean sentToken = token.isPresent() && sameOrigin(url, endpoint);
        String page = webUrl("datasets/" + target.repo());
        String tokenHelp = "set HF_TOKEN to an access token from " + webUrl("settings/tokens")
                + " (or give one with HubClient.builder().token(…))";
        String cannot = "cannot " + target.action() + ": ";
        String message;
        if (RETRYABLE.contains(code)) {
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
        return new HubAnswerException(message, code, errorCode, RETRYABLE.contains(code));
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
