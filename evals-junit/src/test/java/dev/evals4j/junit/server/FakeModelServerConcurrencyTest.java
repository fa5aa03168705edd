package dev.evals4j.junit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.core.generation.OpenAiCompatibleGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many requests at once, and what the server counts and records. */
class FakeModelServerConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void answersTwoHundredRequestsInFlightAtOnce() throws Exception {
        int n = 200;
        CountDownLatch allArrived = new CountDownLatch(n);
        // each answer waits until all 200 requests are in the server: only a server that holds 200 at once answers
        try (FakeModelServer server = FakeModelServer.builder()
                        .answerWith(r -> {
                            allArrived.countDown();
                            try {
                                return allArrived.await(60, TimeUnit.SECONDS) ? "all here" : "alone";
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return "interrupted";
                            }
                        })
                        .start();
                ModelClient client = new ModelClient(dir)) {
            OpenAiCompatibleGenerator model = client.generator(server, "timeout_seconds", 90);
            ExecutorService threads = Executors.newFixedThreadPool(n);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String question = "question " + i;
                    answers.add(threads.submit(
                            () -> model.generate(ModelClient.chat(question)).text()));
                }
                for (Future<String> answer : answers) {
                    assertThat(answer.get(120, TimeUnit.SECONDS)).isEqualTo("all here");
                }
            } finally {
                threads.shutdownNow();
            }

            assertThat(server.calls()).isEqualTo(n);
            assertThat(server.calls(Endpoint.CHAT_COMPLETIONS)).isEqualTo(n);
            assertThat(server.requests())
                    .extracting(FakeRequest::call)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, n)
                            .boxed()
                            .toList());
            assertThat(server.requests())
                    .extracting(FakeRequest::userText)
                    .doesNotHaveDuplicates()
                    .hasSize(n);
        }
    }

    @Test
    void countsCallsPerEndpoint() throws Exception {
        try (FakeModelServer server = FakeModelServer.builder().start()) {
            String chat = "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            Http.post(server, "/v1/chat/completions", chat);
            Http.post(server, "/v1/chat/completions", "{}");
            Http.post(server, "/v1/completions", "{\"model\":\"fake\",\"prompt\":\"hi\"}");
            Http.post(server, "/v1/embeddings", "{\"model\":\"fake\",\"input\":\"hi\"}");
            Http.get(server, "/v1/models");
            Http.get(server, "/v1/nothing");

            assertThat(server.calls()).isEqualTo(6);
            assertThat(server.calls(Endpoint.CHAT_COMPLETIONS)).isEqualTo(2);
            assertThat(server.calls(Endpoint.COMPLETIONS)).isEqualTo(1);
            assertThat(server.calls(Endpoint.EMBEDDINGS)).isEqualTo(1);
            assertThat(server.calls(Endpoint.MODELS)).isEqualTo(1);
            assertThat(server.calls(Endpoint.OTHER)).isEqualTo(1);
            assertThat(server.requests(Endpoint.CHAT_COMPLETIONS))
                    .extracting(FakeRequest::bodyText)
                    .containsExactly(chat, "{}");
        }
    }

    @Test
    void awaitRequestsReturnsThemOnceTheyArriveAndSaysHowManyCameWhenTheyDoNot() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        FakeModelServer server = FakeModelServer.builder()
                .script(Fault.hang(), Fault.hang(), Fault.hang())
                .start();
        try {
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                inFlight.add(http.sendAsync(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fake\",\"messages\":[{\"role\":"
                                        + "\"user\",\"content\":\"hang " + i + "\"}]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
            }

            List<FakeRequest> arrived = server.awaitRequests(3, Duration.ofSeconds(30));

            assertThat(arrived).hasSize(3);
            assertThat(arrived)
                    .extracting(FakeRequest::userText)
                    .containsExactlyInAnyOrder("hang 0", "hang 1", "hang 2");
            assertThat(inFlight).noneMatch(CompletableFuture::isDone);
            assertThatThrownBy(() -> server.awaitRequests(4, Duration.ofMillis(100)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("expected 4 requests within 0.1 s, the fake model server received 3");

            server.close(); // drops the hanging connections
            for (CompletableFuture<HttpResponse<String>> call : inFlight) {
                assertThat(call).failsWithin(Duration.ofSeconds(30));
            }
        } finally {
            server.close();
        }
    }
}
