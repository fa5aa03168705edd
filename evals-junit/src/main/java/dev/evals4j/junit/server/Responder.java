package dev.evals4j.junit.server;

import java.util.Optional;

/**
 * Decides the fake server's reply to a request, or has none (then the next responder is asked, and finally the
 * server's default answer is sent). Called from many threads at once: implementations must be thread-safe.
 */
@FunctionalInterface
public interface Responder {

    /** The reply to this request, or empty when this responder has no answer for it. */
    Optional<Reply> reply(FakeRequest request);
}
