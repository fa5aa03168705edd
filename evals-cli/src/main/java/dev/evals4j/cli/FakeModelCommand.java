package dev.evals4j.cli;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.junit.server.DatasetAnswers;
import dev.evals4j.junit.server.FakeModelServer;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evals fake-model}: serves a fake OpenAI-compatible model on 127.0.0.1 that answers from a dataset, until
 * the process is interrupted, so that {@code evals run} can be tried without a model.
 */
@Command(
        name = "fake-model",
        description = "Serve a fake OpenAI-compatible model on 127.0.0.1 that answers from a dataset, until"
                + " interrupted (Ctrl-C): try 'evals run' without a model.")
final class FakeModelCommand extends CliCommand implements Callable<Integer> {
    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "The port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 8000;

    @Option(
            names = "--answers",
            paramLabel = "FILE",
            description = "A CSV, JSON or JSONL file whose rows give the answers; without it every request is answered"
                    + " with the default answer.")
    Path answers;

    @Option(
            names = "--question-column",
            paramLabel = "NAME",
            description = "The column matched against the last user message or the prompt (default: "
                    + DatasetAnswers.DEFAULT_QUESTION_COLUMN + ").")
    String questionColumn;

    @Option(
            names = "--answer-column",
            paramLabel = "NAME",
            description = "The column the answer is taken from (default: " + DatasetAnswers.DEFAULT_ANSWER_COLUMN
                    + "; a list is answered with its first element).")
    String answerColumn;

    @Option(
            names = "--wrong-share",
            paramLabel = "X",
            description = "The share of rows answered wrong (with another row's answer), from 0 to 1 (default: 0).")
    Double wrongShare;

    @Option(names = "--seed", paramLabel = "S", description = "Draws which rows are answered wrong (default: 0).")
    Long seed;

    @Option(
            names = "--latency-ms",
            paramLabel = "N",
            description = "Answer each request after N milliseconds (default: ${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(
            names = "--model",
            paramLabel = "NAME",
            description =
                    "The model /v1/models lists (default: ${DEFAULT-VALUE}); requests for any model are answered.")
    String model = FakeModelServer.DEFAULT_MODEL;

    @Option(
            names = "--default-answer",
            paramLabel = "TEXT",
            description = "The answer to a question the dataset does not have (default: ${DEFAULT-VALUE}).")
    String defaultAnswer = FakeModelServer.DEFAULT_ANSWER;

    private final AtomicBoolean stopping = new AtomicBoolean();

    FakeModelCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws InterruptedException {
        requireText("--model", model);
        requireText("--default-answer", defaultAnswer);
        FakeModelServer.Builder builder = FakeModelServer.builder()
                .port(checkedPort())
                .models(model)
                .defaultAnswer(defaultAnswer)
                .maxRecordedRequests(0); // a long session would keep every request otherwise
        if (latencyMs < 0 || latencyMs > 3_600_000) {
            throw new ConfigurationException("--latency-ms must be from 0 to 3600000 (an hour), was " + latencyMs);
        }
        builder.latency(Duration.ofMillis(latencyMs));
        String from;
        if (answers != null) {
            DatasetAnswers dataset = dataset();
            builder.answersFrom(dataset);
            from = "answers from " + dataset.describe();
        } else {
            for (Object given : new Object[] {questionColumn, answerColumn, wrongShare, seed}) {
                if (given != null) {
                    throw new ConfigurationException("--question-column, --answer-column, --wrong-share and --seed"
                            + " need --answers: the file whose rows give the answers");
                }
            }
            from = "answers \"" + defaultAnswer + "\" to everything; --answers FILE answers from a dataset";
        }
        FakeModelServer server;
        try {
            server = builder.start();
        } catch (UncheckedIOException e) {
            throw new ConfigurationException(e.getMessage() + "; choose another --port, or --port 0 for a free one", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C ends the JVM: the hook closes the server and says so
        Thread hook = new Thread(() -> stop(server, stopped), "evals-fake-model-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            context.out.println("fake model server on " + server.baseUrl() + " (" + from + "; Ctrl-C to stop)");
            context.out.flush();
            stopped.await();
            return 0;
        } catch (InterruptedException e) {
            // this thread was interrupted (a test, or an embedding program): stop as Ctrl-C would
            stop(server, stopped);
            return Main.INTERRUPTED;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    private void stop(FakeModelServer server, CountDownLatch stopped) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        long calls = server.calls();
        server.close();
        context.out.println("fake model server stopped after " + calls + (calls == 1 ? " request" : " requests"));
        context.out.flush();
        stopped.countDown();
    }

    private static String requireText(String option, String value) {
        if (value.isBlank()) {
            throw new ConfigurationException(option + " must not be empty");
        }
        return value;
    }

    private int checkedPort() {
        if (port < 0 || port > 65_535) {
            throw new ConfigurationException("--port must be from 0 to 65535, was " + port);
        }
        return port;
    }

    private DatasetAnswers dataset() {
        DatasetAnswers.Builder dataset = DatasetAnswers.builder().file(answers);
        if (questionColumn != null) {
            dataset.questionColumn(requireText("--question-column", questionColumn));
        }
        if (answerColumn != null) {
            dataset.answerColumn(requireText("--answer-column", answerColumn));
        }
        if (wrongShare != null) {
            if (!(wrongShare >= 0 && wrongShare <= 1)) {
                throw new ConfigurationException("--wrong-share must be from 0 to 1, was " + wrongShare);
            }
            dataset.wrongShare(wrongShare);
        }
        if (seed != null) {
            dataset.seed(seed);
        }
        return dataset.build();
    }
}
