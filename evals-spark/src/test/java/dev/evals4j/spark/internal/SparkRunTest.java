package dev.evals4j.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.EvalException;
import dev.evals4j.core.run.RowSelection;
import java.util.Optional;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** The driver's small decisions, without Spark running. */
class SparkRunTest {
    @Test
    void aTasksExceptionKnownOnlyByItsTextBecomesOneOfItsType() {
        SparkException spark = new SparkException("Job aborted due to stage failure: Task 1 in stage 2.0 failed 2"
                + " times, most recent failure: Lost task 1.1 in stage 2.0 (TID 5) (10.0.0.7 executor 3):"
                + " dev.evals4j.api.DatasetLoadException: s3a://b/x.jsonl row 2: not valid JSON: Unexpected end\n"
                + "\tat dev.evals4j.spark.internal.RowConversion.jsonLine(RowConversion.java:114)\n");

        RuntimeException e = SparkRun.rootCause(spark);

        assertThat(e)
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("s3a://b/x.jsonl row 2: not valid JSON:" + " Unexpected end");
        assertThat(e.getCause()).isSameAs(spark);
        assertThat(SparkRun.rootCause(new SparkException("most recent failure: Lost task 0.0 (x):"
                        + " dev.evals4j.api.ConfigurationException: the scorer x refused y")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the scorer x refused y");
        assertThat(SparkRun.rootCause(new SparkException("Job 3 cancelled\nmore")))
                .isExactlyInstanceOf(EvalException.class)
                .hasMessage("the Spark job failed: Job 3 cancelled");
        DatasetLoadException carried = new DatasetLoadException("carried");
        assertThat(SparkRun.rootCause(new SparkException("x", carried))).isSameAs(carried);
    }

    @Test
    void theFormatComesFromTheFileName() {
        assertThat(SparkRun.formatOf("s3a://bucket/logs/answers.jsonl.gz")).isEqualTo("jsonl");
        assertThat(SparkRun.formatOf("data/qa.NDJSON")).isEqualTo("ndjson");
        assertThat(SparkRun.formatOf("/data/qa.csv?x=1")).isEqualTo("csv");
        assertThat(SparkRun.formatOf("hdfs:///warehouse/answers/")).isEqualTo("parquet");
        assertThat(SparkRun.formatOf("hdfs:///warehouse/answers")).isEqualTo("parquet");
        assertThat(SparkRun.formatOf("/data/qa.json")).isEqualTo("json");
        assertThat(SparkRun.formatOf("/data/qa.txt")).isEmpty();
    }

    @Test
    void aRandomSampleDrawsTheIndicesTheLocalReservoirDraws() {
        long[] drawn = SparkRun.drawn(1000, new RowSelection(10, Optional.of(42L)));

        assertThat(drawn).hasSize(10).isSorted();
        assertThat(SparkRun.drawn(1000, new RowSelection(10, Optional.of(42L)))).isEqualTo(drawn);
        assertThat(SparkRun.drawn(5, new RowSelection(10, Optional.of(42L)))).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void indexRangesSplitRowsIntoConsecutiveRuns() {
        IndexRanges ranges = new IndexRanges(3, 10);

        int[] parts = new int[10];
        for (int i = 0; i < 10; i++) {
            parts[i] = ranges.getPartition((long) i);
        }
        assertThat(parts).containsExactly(0, 0, 0, 0, 1, 1, 1, 2, 2, 2);
        assertThat(ranges.getPartition(12L)).isEqualTo(2);
    }
}
