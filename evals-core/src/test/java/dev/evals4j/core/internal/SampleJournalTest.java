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

    @Test
    void aGroupWritesItsLinesWhenClosedAndOnlyThenCountsThem() throws IOException {
        Path file = dir.resolve("samples.jsonl");
        List<Long> counted = new ArrayList<>();
        List<Integer> linesInFileWhenCounted = new ArrayList<>();
        try (SampleJournal journal = new SampleJournal(file)) {
            try (SampleJournal.Group group = journal.group()) {
                for (long i = 0; i < 3; i++) {
                    long index = i;
                    group.append(sample(index), () -> {
                        counted.add(index);
                        linesInFileWhenCounted.add(lines(file));
                    });
                }
                assertThat(Files.readAllLines(file)).isEmpty();
                assertThat(counted).isEmpty();
            }
            journal.append(sample(3));
        }
        assertThat(counted).containsExactly(0L, 1L, 2L);
        assertThat(linesInFileWhenCounted).containsOnly(3);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(lines.get(i)).startsWith("{\"index\":" + i + ",").endsWith("}");
        }
    }

    @Test
    void aGroupLeftOpenWritesAndCountsNothing() throws IOException {
        Path file = dir.resolve("samples.jsonl");
        AtomicInteger counted = new AtomicInteger();
        try (SampleJournal journal = new SampleJournal(file)) {
            SampleJournal.Group group = journal.group();
            group.append(sample(0), counted::incrementAndGet); // its thread failed before closing it
        }
        assertThat(Files.readAllLines(file)).isEmpty();
        assertThat(counted).hasValue(0);
    }

    @Test
    void aGroupGrowsForLongLinesAndTheNextLinesOfTheThreadAreWholeAfterThem() throws IOException {
        Path file = dir.resolve("samples.jsonl");
        String long1 = "x".repeat(300_000);
        try (SampleJournal journal = new SampleJournal(file)) {
            try (SampleJournal.Group group = journal.group()) {
                group.append(
                        new SampleRecord(0, null, Map.of("q", long1), null, null, "a", "a", Map.of(), null), () -> {});
                group.append(sample(1), () -> {});
            }
            journal.append(sample(2));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).hasSize(long1.length() + 96).contains(long1);
        assertThat(lines.get(1))
                .isEqualTo(new String(dev.evals4j.core.results.RunFiles.sampleLine(sample(1)), StandardCharsets.UTF_8));
        assertThat(lines.get(2))
                .isEqualTo(new String(dev.evals4j.core.results.RunFiles.sampleLine(sample(2)), StandardCharsets.UTF_8));
    }

    private static int lines(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
