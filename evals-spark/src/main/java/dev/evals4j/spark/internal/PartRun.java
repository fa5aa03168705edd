package dev.evals4j.spark.internal;

import dev.evals4j.api.Cancellation;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.Evals;
import dev.evals4j.core.results.DatasetRecord;
import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.results.RequestRecord;
import dev.evals4j.core.results.RunFiles;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * What an executor does with one partition of a run: the local pipeline over the partition's rows, in the part's own
 * folder under the run's {@code samples} folder (its journal, its {@code results.json}), with its share of the run's
 * concurrency and its base URL. A retried or speculative attempt waits for the one before, then resumes from the
 * part's journal. Returns the counts of the part's scores, for the driver to merge.
 */
public final class PartRun implements Function2<Integer, Iterator<Tuple2<Long, Row>>, Iterator<Tuple2<AggKey, Long>>> {
    private static final long serialVersionUID = 1L;

    private final Plan plan;

    /**
     * What every part of a run shares; serializable, it travels to the executors.
     *
     * @param config how the executors' evals4j instance is made
     * @param requestJson the run's request, as {@code run.json} records it
     * @param samplesDir the run's {@code samples} folder, as every executor sees it
     * @param baseUrls the model servers the parts share, one per part in turn; empty to use the request's
     * @param concurrency samples in flight in one part
     * @param conversion how a Spark row becomes the run's row
     * @param scorerIds the scorers, in order
     * @param weighted per scorer, whether it has a weighted average
     * @param breakdown whether the run has a group-by column
     */
    public record Plan(
            ExecutorEvals.Config config,
            String requestJson,
            String samplesDir,
            List<String> baseUrls,
            int concurrency,
            RowConversion conversion,
            List<String> scorerIds,
            boolean[] weighted,
            boolean breakdown)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        public Plan {
            baseUrls = List.copyOf(baseUrls);
            scorerIds = List.copyOf(scorerIds);
            weighted = weighted.clone();
        }
    }

    /** The run of each partition of a plan. */
    public PartRun(Plan plan) {
        this.plan = plan;
    }

    /** The folder name of part {@code partition}. */
    public static String name(int partition) {
        return String.format(Locale.ROOT, "part-%05d", partition);
    }

    @Override
    public Iterator<Tuple2<AggKey, Long>> call(Integer partition, Iterator<Tuple2<Long, Row>> rows) throws Exception {
        if (!rows.hasNext()) {
            return Collections.emptyIterator();
        }
        String name = name(partition);
        Path parts = Path.of(plan.samplesDir());
        try {
            Files.createDirectories(parts);
        } catch (IOException e) {
            throw new EvalException("cannot create " + parts + ": " + e.getMessage(), e);
        }
        Path dir = parts.resolve(name);
        // a speculative or retried attempt waits here for the one before it
        AttemptLock lock = AttemptLock.acquire(parts.resolve(name + ".lock"));
        try {
            EvalRequest request = request(partition, name, dir);
            Evals evals = ExecutorEvals.instance(plan.config());
            ScoreTally tally = new ScoreTally(plan.scorerIds(), plan.weighted(), plan.breakdown());
            Cancellation cancellation = new Cancellation();
            RunOptions options = RunOptions.builder()
                    .concurrency(plan.concurrency())
                    .cancellation(cancellation)
                    .build();
            RowConversion conversion = plan.conversion();
            RowHandOff.run(
                    "evals-" + name,
                    () -> {
                        if (!rows.hasNext()) {
                            return null;
                        }
                        Tuple2<Long, Row> next = rows.next();
                        return new DatasetSample(next._1(), conversion.convert(next._2(), next._1()));
                    },
                    cancellation,
                    samples -> evals.runner().runPart(request, samples, options, tally));
            return tally.records().iterator();
        } finally {
            lock.close();
        }
    }

    /**
     * The request of one part: the run's, writing into the part's folder, its dataset named as the partition it is
     * (a part's folder cannot be resumed by itself: its rows come from Spark), and its base URL.
     */
    EvalRequest request(int partition, String name, Path dir) throws IOException {
        RequestRecord whole = RunFiles.mapper().readValue(plan.requestJson(), RequestRecord.class);
        PluginRecord generator = whole.generator();
        if (generator != null && !plan.baseUrls().isEmpty()) {
            Map<String, Object> params = new LinkedHashMap<>(generator.params());
            params.put(
                    "base_url", plan.baseUrls().get(partition % plan.baseUrls().size()));
            generator = new PluginRecord(generator.id(), generator.className(), params, generator.aggregations());
        }
        DatasetRecord dataset =
                DatasetRecord.of(DatasetDefinition.ofUri(whole.dataset().id(), "spark-partition:" + name));
        return new RequestRecord(
                        dataset,
                        whole.scorers(),
                        whole.processor(),
                        generator,
                        -1,
                        null,
                        whole.epochs(),
                        whole.epochReducer(),
                        whole.metadata(),
                        whole.groupBy(),
                        whole.benchmark())
                .toRequest(dir);
    }
}
