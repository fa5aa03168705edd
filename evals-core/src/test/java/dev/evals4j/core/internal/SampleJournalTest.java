package dev.evals4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.EvalException;
import dev.evals4j.core.results.SampleRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleJournalTest {
    @TempDir
    Path dir;

    private static SampleRecord sample(long index) {
        return new SampleRecord(
                index, null, Map.of("input_query", "q" + index), null, null, "a" + index, "a", Map.of(), null);
    }

    @Test
    void everyLineOfManyThreadsIsWrittenOnceWholeAndCountsOnlyOnceInTheFile() throws Exception {
        Path file = dir.resolve("samples.jsonl");
        int threads = 8;
        int perThread = 150;
        Map<Long, Boolean> inFileWhenCounted = new ConcurrentHashMap<>();
        AtomicInteger actions = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        try (SampleJournal journal = new SampleJournal(file)) {
            for (int t = 0; t < threads; t++) {
                int first = t * perThread;
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (long i = first; i < first + perThread; i++) {
                        long index = i;
                        journal.append(sample(index), () -> {
                            actions.incrementAndGet();
                            inFileWhenCounted.put(index, contains(file, "\"index\":" + index + ","));
                        });
                    }
                });
                workers.add(worker);
                worker.start();
            }
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(threads * perThread);
        Set<String> indexes = new HashSet<>();
        for (String line : lines) {
            assertThat(line).startsWith("{").endsWith("}");
            indexes.add(line.substring(0, line.indexOf(',')));
        }
        assertThat(indexes).hasSize(threads * perThread);
        // every action ran once, after its line had reached the file
        assertThat(actions).hasValue(threads * perThread);
        assertThat(inFileWhenCounted).hasSize(threads * perThread).doesNotContainValue(false);
    }

    private static boolean contains(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void oneThreadWritesEachLineBeforeAppendReturns() throws IOException {
        Path file = dir.resolve("samples.jsonl");
        try (SampleJournal journal = new SampleJournal(file)) {
            journal.append(sample(0));
            assertThat(Files.readAllLines(file)).hasSize(1);
            journal.append(sample(1));
            assertThat(Files.readAllLines(file)).hasSize(2);
        }
    }

    @Test
    void linesAreAppendedToAJournalThatHasSome() throws IOException {
        Path file = dir.resolve("samples.jsonl");
        Files.writeString(file, "{\"index\":7}\n");
        try (SampleJournal journal = new SampleJournal(file)) {
            journal.append(sample(8));
        }
        assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo("{\"index\":7}");
    }

    @Test
    void aClosedJournalRefusesLines() {
        Path file = dir.resolve("samples.jsonl");
        SampleJournal journal = new SampleJournal(file);
        journal.close();

        assertThatThrownBy(() -> journal.append(sample(0), () -> {}))
                .isInstanceOf(EvalException.class)
                .hasMessage("the journal " + file + " is closed");
    }

    @Test
    void aFailingActionFailsTheThreadThatRanItAndTheJournalGoesOn() throws IOException {
        Path file = dir.resolve("samples.jsonl");
        try (SampleJournal journal = new SampleJournal(file)) {
            assertThatThrownBy(() -> journal.append(sample(0), () -> {
                        throw new IllegalStateException("the count failed");
                    }))
                    .isInstanceOf(IllegalStateException.class);
            AtomicInteger ran = new AtomicInteger();
            journal.append(sample(1), ran::incrementAndGet);
            assertThat(ran).hasValue(1);
        }
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void aJournalThatCannotBeOpenedSaysWhich() {
        Path file = dir.resolve("no-such-folder").resolve("samples.jsonl");
        assertThatThrownBy(() -> new SampleJournal(file))
                .isInstanceOf(EvalException.class)
                .hasMessageStartingWith("cannot open the journal " + file);
    }
}
