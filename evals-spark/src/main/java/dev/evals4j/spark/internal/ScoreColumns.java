package dev.evals4j.spark.internal;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.Evals;
import dev.evals4j.core.internal.InstanceContext;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.internal.RunScope;
import dev.evals4j.core.run.EvalRunner;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * Scores the rows of a {@code Dataset<Row>} as a map: each row keeps its columns and gains one struct column per
 * scorer, named by the scorer's id, and a column {@value #SAMPLE_ERROR}. The scorers are configured on each executor
 * from their ids and parameters, through the executor's evals4j instance.
 */
public final class ScoreColumns implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** The column that says why a row could not be scored at all (a column it lacks), else null. */
    public static final String SAMPLE_ERROR = "evals_error";

    /** The fields of each scorer's column. */
    public static final StructType SCORE = DataTypes.createStructType(List.of(
            DataTypes.createStructField("score", DataTypes.DoubleType, true),
            DataTypes.createStructField("category", DataTypes.StringType, true),
            DataTypes.createStructField("unscored", DataTypes.StringType, true),
            DataTypes.createStructField("error", DataTypes.StringType, true),
            DataTypes.createStructField("no_answer", DataTypes.BooleanType, true),
            DataTypes.createStructField("details", DataTypes.StringType, true)));

    /**
     * A scorer as it travels: its id and parameters.
     *
     * @param id the scorer's id
     * @param params its parameters
     */
    record Scorer(String id, Map<String, Object> params) implements Serializable {
        private static final long serialVersionUID = 1L;

        Scorer {
            params = new LinkedHashMap<>(params);
        }
    }

    private final ExecutorEvals.Config config;
    private final List<Scorer> scorers;
    private final List<String> required;

    private ScoreColumns(ExecutorEvals.Config config, List<Scorer> scorers, List<String> required) {
        this.config = config;
        this.scorers = List.copyOf(scorers);
        this.required = List.copyOf(required);
    }

    /**
     * The rows with their scores, computed when the dataset is.
     *
     * @throws ConfigurationException when a scorer is unknown, refuses its parameters or was given as an object, or
     *     a column of the rows has the name of a scorer's column
     */
    public static Dataset<Row> score(Dataset<Row> rows, EvalRequest request, ExecutorEvals.Config config) {
        List<Scorer> scorers = new ArrayList<>();
        TreeSet<String> required = new TreeSet<>();
        try (Evals evals = Evals.create()) {
            InstanceContext context = (InstanceContext) evals.context();
            try (RunScope scope = context.newRunScope()) {
                for (ScorerSpec spec : request.scorers()) {
                    if (spec.instance().isPresent()) {
                        throw new ConfigurationException("Spark configures the scorers on its executors from their"
                                + " ids, but the scorer " + spec.id() + " was given as an object ("
                                + spec.instance().get().getClass().getName() + "); declare it as a plugin in"
                                + " META-INF/services and give its id");
                    }
                    BaseScorer scorer = scope.own(context.registry().scorer(spec.id(), spec.params(), scope));
                    required.addAll(scorer.requiredColumns());
                    scorers.add(new Scorer(spec.id(), spec.params()));
                }
            }
        }
        StructType schema = rows.schema();
        List<String> names = List.of(schema.fieldNames());
        for (String column : names) {
            if (column.equals(SAMPLE_ERROR) || scorers.stream().anyMatch(s -> s.id().equals(column))) {
                throw new ConfigurationException("the rows already have a column '" + column
                        + "', which the scores would take; rename it first (withColumnRenamed)");
            }
        }
        StructType out = schema;
        for (Scorer s : scorers) {
            out = out.add(DataTypes.createStructField(s.id(), SCORE, true));
        }
        out = out.add(DataTypes.createStructField(SAMPLE_ERROR, DataTypes.StringType, true));
        return rows.mapPartitions(new ScoreColumns(config, scorers, new ArrayList<>(required)), Encoders.row(out));
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return rows;
        }
        Evals evals = ExecutorEvals.instance(config);
        InstanceContext context = (InstanceContext) evals.context();
        RunScope scope = context.newRunScope();
        List<BaseScorer> configured = new ArrayList<>();
        try {
            for (Scorer s : scorers) {
                configured.add(scope.own(context.registry().scorer(s.id(), s.params(), scope)));
            }
        } catch (RuntimeException e) {
            scope.close();
            throw e;
        }
        RowConversion conversion = RowConversion.of(RowConversion.Mode.COLUMNS, "the rows");
        return new Iterator<>() {
            private boolean closed;

            @Override
            public boolean hasNext() {
                boolean more = rows.hasNext();
                if (!more && !closed) {
                    closed = true;
                    scope.close();
                }
                return more;
            }

            @Override
            public Row next() {
                Row row = rows.next();
                return scored(row, conversion.convert(row, -1), configured);
            }
        };
    }

    private Row scored(Row row, Map<String, @Nullable Object> values, List<BaseScorer> configured) {
        Object[] out = new Object[row.size() + scorers.size() + 1];
        for (int i = 0; i < row.size(); i++) {
            out[i] = row.get(i);
        }
        List<String> missing = new ArrayList<>();
        for (String column : required) {
            if (!values.containsKey(column)) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            out[out.length - 1] = "the row has no column '" + String.join("', '", missing) + "'; its columns: "
                    + String.join(", ", values.keySet());
            return RowFactory.create(out);
        }
        var input = EvalRunner.scoringInput(values);
        for (int s = 0; s < configured.size(); s++) {
            Object[] score = new Object[SCORE.size()];
            try {
                ScoreResult r = Objects.requireNonNull(configured.get(s).score(input), "the scorer returned null");
                if (r instanceof ScoreResult.Numeric n) {
                    score[0] = n.value();
                } else if (r instanceof ScoreResult.Categorical c) {
                    score[1] = c.category();
                } else {
                    score[2] = ((ScoreResult.Unscored) r).reason();
                }
                score[4] = r.noAnswer();
                Map<String, Object> details = new LinkedHashMap<>(r.details());
                r.judgeUsage()
                        .ifPresent(u -> details.put(
                                ScoreResult.JUDGE_USAGE,
                                Map.of("prompt_tokens", u.promptTokens(), "completion_tokens", u.completionTokens())));
                score[5] = details.isEmpty() ? null : Json.write(details);
            } catch (RuntimeException e) {
                score[3] = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            out[row.size() + s] = RowFactory.create(score);
        }
        return RowFactory.create(out);
    }
}
