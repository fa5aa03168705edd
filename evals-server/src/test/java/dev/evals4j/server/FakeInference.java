package dev.evals4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.junit.server.FakeModelServer;
import dev.evals4j.junit.server.FakeRequest;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * The model server behind the eval server in these tests: evals-junit's {@link FakeModelServer} (OpenAI's
 * chat-completions bodies) answering from the last user message, with a gate that holds answers until released,
 * so that a test knows which calls are in flight.
 */
final class FakeInference implements AutoCloseable {
    private final FakeModelServer server;
    private volatile Function<String, String> answerer;
    private volatile Semaphore gate;
    private volatile int forgotten;

    FakeInference(Function<String, String> answerer) {
        this.answerer = answerer;
        this.server = FakeModelServer.builder().answerWith(this::answer).start();
    }

    private String answer(FakeRequest request) {
        Semaphore g = gate;
        if (g != null) {
            try {
                g.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return answerer.apply(request.userText());
    }

    /** The OpenAI-compatible root, {@code http://127.0.0.1:PORT/v1}. */
    String baseUrl() {
        return server.baseUrl();
    }

    /** The bodies of the requests received since the last {@link #forget()}, in order of arrival. */
    List<JsonNode> requests() {
        List<FakeRequest> all = server.requests();
        return all.subList(forgotten, all.size()).stream()
                .map(r -> r.body().orElseThrow())
                .toList();
    }

    /** Forgets the requests received so far (not their count). */
    void forget() {
        forgotten = server.requests().size();
    }

    /** The Authorization header of every request ("" when absent). */
    List<String> authorizations() {
        return server.requests().stream()
                .map(r -> r.header("Authorization").orElse(""))
                .toList();
    }

    /** How many calls arrived. */
    int calls() {
        return (int) server.calls();
    }

    void answer(Function<String, String> answerer) {
        this.answerer = answerer;
    }

    /** Makes every answer wait for a permit. */
    void hold() {
        gate = new Semaphore(0);
    }

    /** Lets {@code n} held answers go. */
    void release(int n) {
        gate.release(n);
    }

    /** Lets every answer go, now and later. */
    void open() {
        Semaphore g = gate;
        gate = null;
        if (g != null) {
            g.release(1_000_000);
        }
    }

    @Override
    public void close() {
        open();
        server.close();
    }
}
