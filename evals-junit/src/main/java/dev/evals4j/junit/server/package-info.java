/**
 * A fake OpenAI-compatible model server for tests and for trying evals offline: {@link
 * dev.evals4j.junit.server.FakeModelServer} serves {@code /v1/chat/completions}, {@code /v1/completions},
 * {@code /v1/embeddings} and {@code /v1/models} on a loopback port in OpenAI's shapes, answers from a dataset, a
 * function or a script, and injects the faults real servers have (429s, 5xx, hangs, malformed bodies, dropped
 * connections). It needs nothing but the JDK's {@code com.sun.net.httpserver} and Jackson; the JUnit and AssertJ
 * dependencies of this module are not used here.
 */
@NullMarked
package dev.evals4j.junit.server;

import org.jspecify.annotations.NullMarked;
