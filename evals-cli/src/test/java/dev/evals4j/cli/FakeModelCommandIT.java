package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.core.internal.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code evals fake-model} in its own JVM, as a user runs it: it prints its URL, answers, and Ctrl-C stops it. */
class FakeModelCommandIT {
    @Test
    void printsItsBaseUrlAnswersAndStopsOnSigint() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "fake-model",
                        "--port",
                        "0",
                        "--answers",
                        "../evals-examples/data/capitals.csv")
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            Matcher m = Pattern.compile("fake model server on (http://127\\.0\\.0\\.1:\\d+/v1) \\(answers from ")
                    .matcher(String.valueOf(first));
            assertThat(m.lookingAt()).as(first).isTrue();

            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(m.group(1) + "/chat/completions"))
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fake\",\"messages\":[{"
                                            + "\"role\":\"user\",\"content\":\"What is the capital of Japan?\"}]}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(Json.MAPPER
                            .readTree(answer.body())
                            .at("/choices/0/message/content")
                            .asText())
                    .isEqualTo("Tokyo");

            new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .start()
                    .waitFor();

            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(130);
            assertThat(out.lines().collect(Collectors.joining("\n")))
                    .isEqualTo("fake model server stopped after 1 request");
        } finally {
            process.destroyForcibly();
        }
    }
}
