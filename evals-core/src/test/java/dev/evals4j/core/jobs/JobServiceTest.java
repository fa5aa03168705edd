package dev.evals4j.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.Job;
import dev.evals4j.api.JobStatus;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.Evals;
import dev.evals4j.core.internal.JobStore;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.testing.EchoProcessor;
import dev.evals4j.core.testing.ExactScorer;
import dev.evals4j.core.testing.SlowGenerator;
import dev.evals4j.core.testing.TestEvals;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobServiceTest {
    @TempDir
    Path dir;

    private Evals evals(SlowGenerator generator) {
        return TestEvals.builder()
                .plugins(PluginRegistry.builder()
                        .discovery(false)
                        .register(new ExactScorer())
                        .register(new EchoProcessor())
                        .register(generator)
                        .register(new dev.evals4j.core.datasets.InlineRowsDataset())
                        .build())
                .jobsDir(dir.resolve("jobs"))
                .build();
    }

    private static EvalRequest request(int rows) {
        List<Map<String, Object>> data = IntStream.range(0, rows)
                .<Map<String, Object>>mapToObj(i -> Map.of("input_query", "q" + i, "expected_answer", "q" + i))
                .toList();
        return EvalRequest.builder()
                .dataset(DatasetDefinition.ofRows("qs", data))
                .processor(PluginSpec.of("test-question"))
                .generator(PluginSpec.of("test-slow"))
                .scorer("test::exact")
                .build();
    }

    private static Job await(JobService jobs, String id) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            Job job = jobs.get(id).orElseThrow();
            if (job.status().isFinal()) {
                return job;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    @Test
    void aSubmittedJobRunsInTheBackgroundAndItsResultCanBeCollected() throws Exception {
        JobService jobs = evals(new SlowGenerator(2)).jobs();

        Job submitted = jobs.submit(request(20), RunOptions.defaults());
        Job done = await(jobs, submitted.id());

        assertThat(submitted.status()).isIn(JobStatus.SCHEDULED, JobStatus.IN_PROGRESS);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.startedAt()).isPresent();
        assertThat(done.finishedAt()).isPresent();
        assertThat(done.progress()).hasValueSatisfying(p -> assertThat(p.done()).isEqualTo(20));
        assertThat(jobs.result(submitted.id()).score("test::exact").metric("accuracy", "accuracy"))
                .hasValue(1.0);
        assertThat(done.outputDir())
                .isEqualTo(dir.resolve("jobs")
                        .resolve(submitted.id())
                        .resolve("run")
                        .toAbsolutePath());
    }

    @Test
    void aNewProcessSeesTheJobsOfAnEarlierOne() throws Exception {
        JobService first = evals(new SlowGenerator()).jobs();
        String id = first.submit(request(3), RunOptions.defaults()).id();
        await(first, id);
        first.close();

        JobService second = evals(new SlowGenerator()).jobs();

        assertThat(second.list()).extracting(Job::id).containsExactly(id);
        assertThat(second.get(id))
                .hasValueSatisfying(j -> assertThat(j.status()).isEqualTo(JobStatus.COMPLETED));
        assertThat(second.result(id).numSamples()).isEqualTo(3);
    }

    @Test
    void aCancelledJobKeepsWhatFinishedAndCanBeResumed() throws Exception {
        SlowGenerator slow = new SlowGenerator(10);
        JobService jobs = evals(slow).jobs();
        String id = jobs.submit(
                        request(300), RunOptions.builder().concurrency(2).build())
                .id();
        while (slow.calls.get() < 10) {
            Thread.sleep(5);
        }

        jobs.cancel(id);
        Job cancelled = await(jobs, id);

        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.resumable()).isTrue();
        assertThatThrownBy(() -> jobs.result(id))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("job " + id + " has no result: it is cancelled");

        // while another run holds its folder, a resume is refused at once, and the job stays as it was
        try (FileChannel other = FileChannel.open(cancelled.outputDir().resolve("run.lock"), StandardOpenOption.WRITE);
                FileLock held = other.lock()) {
            assertThat(held.isValid()).isTrue();
            assertThatThrownBy(() -> jobs.resume(id, RunOptions.builder().build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("is in use by another run");
            assertThat(jobs.get(id))
                    .hasValueSatisfying(j -> assertThat(j.status()).isEqualTo(JobStatus.CANCELLED));
        }

        jobs.resume(id, RunOptions.builder().concurrency(8).build());
        Job resumed = await(jobs, id);

        assertThat(resumed.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.result(id).numSamples()).isEqualTo(300);
        assertThat(Files.readAllLines(resumed.outputDir().resolve("samples.jsonl")))
                .hasSize(300);
    }

    @Test
    void aCancelMarkerFromAnotherProcessStopsTheJob() throws Exception {
        SlowGenerator slow = new SlowGenerator(10);
        JobService jobs = evals(slow).jobs();
        String id = jobs.submit(
                        request(300), RunOptions.builder().concurrency(2).build())
                .id();
        while (slow.calls.get() < 5) {
            Thread.sleep(5);
        }

        Files.writeString(dir.resolve("jobs").resolve(id).resolve("cancel"), "now");

        assertThat(await(jobs, id).status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aJobWhoseProcessDiedIsReportedAsFailedAndCanBeResumed() throws Exception {
        Evals evals = evals(new SlowGenerator());
        JobService jobs = evals.jobs();
        String id = new JobStore(jobs.root(), evals.runner()).create(request(5), ProcessHandle.current());
        Path file = dir.resolve("jobs").resolve(id).resolve("job.json");
        Map<String, Object> state = new LinkedHashMap<>(Json.MAPPER.readValue(file.toFile(), Json.MAP));
        state.put("status", "in_progress");
        state.put("pid", Long.MAX_VALUE);
        Files.writeString(file, Json.write(state));

        Job orphan = jobs.get(id).orElseThrow();

        assertThat(orphan.status()).isEqualTo(JobStatus.FAILED);
        assertThat(orphan.error())
                .hasValue("the process that ran it (pid " + Long.MAX_VALUE + ") stopped before it"
                        + " finished; resume the job to continue");
        assertThat(orphan.resumable()).isTrue();

        jobs.resume(id, RunOptions.defaults());
        assertThat(await(jobs, id).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.awaitIdle(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aJobScheduledAgainLeavesTheEndAndErrorOfItsLastAttemptBehind() throws Exception {
        Evals evals = evals(new SlowGenerator());
        JobStore store = new JobStore(evals.jobs().root(), evals.runner());
        String id = store.create(request(5), ProcessHandle.current());
        Path file = dir.resolve("jobs").resolve(id).resolve("job.json");
        Map<String, Object> state = new LinkedHashMap<>(Json.MAPPER.readValue(file.toFile(), Json.MAP));
        state.put("status", "failed");
        state.put("finished_at", "2026-11-29T21:00:00Z");
        state.put("error", "the model server did not answer");
        Files.writeString(file, Json.write(state));

        store.prepareResume(id, ProcessHandle.current());

        Map<String, Object> scheduled = Json.MAPPER.readValue(file.toFile(), Json.MAP);
        assertThat(scheduled).containsEntry("status", "scheduled");
        assertThat(scheduled.get("finished_at")).isNull();
        assertThat(scheduled.get("error")).isNull();
    }

    @Test
    void aFailingJobSaysWhy() throws Exception {
        JobService jobs = evals(new SlowGenerator()).jobs();
        EvalRequest bad = request(2).toBuilder()
                .dataset(DatasetDefinition.ofRows("qs", List.of(Map.of("question", "q"))))
                .build();

        String id = jobs.submit(bad, RunOptions.defaults()).id();
        Job failed = await(jobs, id);

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e)
                .isEqualTo("the dataset inline rows (1) has no"
                        + " column 'expected_answer' (needed by the processor), no column 'input_query' (needed by the"
                        + " processor); its columns: question. Rename a column to the needed name (a rename map, or --rename"
                        + " from=to)"));
    }

    @Test
    void configurationErrorsAreThrownAtSubmission() {
        JobService jobs = evals(new SlowGenerator()).jobs();

        assertThatThrownBy(() ->
                        jobs.submit(request(2).toBuilder().scorer("test::nope").build(), RunOptions.defaults()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("unknown scorer id 'test::nope'");
        assertThat(jobs.list()).isEmpty();
        assertThatThrownBy(() -> jobs.cancel("job-x"))
                .hasMessage("no job has the id 'job-x' in " + dir.resolve("jobs"));
    }
}
