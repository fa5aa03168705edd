package dev.evals4j.server.internal;

import dev.evals4j.api.EvalException;

/**
 * An error answered with a status code and Llama Stack's error body, {@code {"error": {"message": …}}}: 400 for a
 * bad request, 404 for an unknown resource, 501 for what is not implemented, as upstream answered them.
 */
public final class ApiException extends EvalException {
    private final int status;

    /** An error with this status and message. */
    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** 400: the request is malformed or names something that cannot work. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 404: no resource has this id. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** 501: Llama Stack defines it; evals4j does not do it. */
    public static ApiException notImplemented(String message) {
        return new ApiException(501, message);
    }
}
