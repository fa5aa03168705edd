package dev.evals4j.junit.server;

/** The paths the fake server serves, and {@link #OTHER} for any other path (answered 404). */
public enum Endpoint {
    /** {@code POST /v1/chat/completions}. */
    CHAT_COMPLETIONS("/v1/chat/completions"),
    /** {@code POST /v1/completions}, the legacy endpoint. */
    COMPLETIONS("/v1/completions"),
    /** {@code POST /v1/embeddings}. */
    EMBEDDINGS("/v1/embeddings"),
    /** {@code GET /v1/models} and {@code GET /v1/models/{id}}. */
    MODELS("/v1/models"),
    /** Any other path. */
    OTHER("");

    private final String path;

    Endpoint(String path) {
        this.path = path;
    }

    /** The path, such as {@code /v1/chat/completions}; empty for {@link #OTHER}. */
    public String path() {
        return path;
    }

    /** Whether requests to this endpoint ask a model (chat, completions, embeddings), so answers and faults apply. */
    public boolean asksModel() {
        return this == CHAT_COMPLETIONS || this == COMPLETIONS || this == EMBEDDINGS;
    }

    static Endpoint of(String path) {
        for (Endpoint e : values()) {
            if (e != OTHER && (path.equals(e.path) || (e == MODELS && path.startsWith("/v1/models/")))) {
                return e;
            }
        }
        return OTHER;
    }
}
