package dev.evals4j.core.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One process's share of a run: a run that is interrupted and resumed has several. The process writes its segment
 * to {@code segments.json} every few seconds and when it ends, so that a process killed without warning still
 * leaves what it did up to its last write; {@code results.json} lists every segment and sums them.
 *
 * @param pid the process
 * @param startedAt when it started on the run, ISO-8601
 * @param lastSeenAt when it ended, or wrote its segment last when it was killed
 * @param status {@code running} while it works; then the run's status when it ended, or {@code killed} when it
 *     ended without writing one
 * @param evaluations the (sample, epoch) evaluations it finished, failed ones included
 * @param generatorStats its candidate model calls
 * @param judgeStats its judges' model calls
 */
public record RunSegment(
        long pid,
        String startedAt,
        String lastSeenAt,
        String status,
        long evaluations,
        @JsonInclude(JsonInclude.Include.NON_NULL) ResultsFile.@Nullable CallStats generatorStats,
        @JsonInclude(JsonInclude.Include.NON_NULL) ResultsFile.@Nullable CallStats judgeStats) {
    /** The status of the segment of a process that is still working. */
    public static final String RUNNING = "running";
    /** The status of a segment whose process ended without writing the run's status. */
    public static final String KILLED = "killed";

    public RunSegment {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        Objects.requireNonNull(status, "status");
    }

    /** The time the process worked on the run. */
    public Duration duration() {
        return Duration.between(Instant.parse(startedAt), Instant.parse(lastSeenAt));
    }

    /**
     * The segments of the processes before, with what a journal of {@code lines} lines holds beyond their counts given
     * to the last one killed: a killed process wrote its count every few seconds, the journal up to its end (one killed
     * in its first seconds showed 0).
     */
    public static List<RunSegment> accountFor(List<RunSegment> earlier, long lines) {
        long counted = 0;
        int lastKilled = -1;
        for (int i = 0; i < earlier.size(); i++) {
            counted += earlier.get(i).evaluations();
            if (earlier.get(i).status().equals(KILLED)) {
                lastKilled = i;
            }
        }
        if (lastKilled < 0 || lines <= counted) {
            return earlier;
        }
        List<RunSegment> out = new ArrayList<>(earlier);
        RunSegment k = earlier.get(lastKilled);
        out.set(
                lastKilled,
                new RunSegment(
                        k.pid,
                        k.startedAt,
                        k.lastSeenAt,
                        k.status,
                        k.evaluations + lines - counted,
                        k.generatorStats,
                        k.judgeStats));
        return out;
    }

    /** This segment as a later process reads it: one still running was killed. */
    public RunSegment asEarlier() {
        return status.equals(RUNNING)
                ? new RunSegment(pid, startedAt, lastSeenAt, KILLED, evaluations, generatorStats, judgeStats)
                : this;
    }
}
