package dev.evals4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.spark.testing.TestSpark;
import dev.evals4j.spark.testing.UnregisteredScorer;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Scores as typed columns of the rows, ready for SQL. */
class SparkScoreColumnsTest {
    private static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("id", DataTypes.IntegerType, false),
            DataTypes.createStructField("generated_answer", DataTypes.StringType, true),
            DataTypes.createStructField("expected_answer", DataTypes.StringType, true),
            DataTypes.createStructField("grade", DataTypes.StringType, true),
            DataTypes.createStructField("weight", DataTypes.DoubleType, true)));

    private static Dataset<Row> rows() {
        return TestSpark.session()
                .createDataFrame(
                        List.of(
                                RowFactory.create(1, "Paris", "Paris", "num:0.75", 2.0),
                                RowFactory.create(2, "Lyon", "Paris", "cat:CORRECT", null),
                                RowFactory.create(3, "Rome", "Rome", "unscored:no verdict", null),
                                RowFactory.create(4, "Oslo", "Bern", "throw", null),
                                RowFactory.create(5, "", "Bern", "noanswer:0", null)),
                        SCHEMA);
    }

    private static EvalRequest request() {
        return EvalRequest.builder()
                .dataset("logs")
                .scorer("basic::equality")
                .scorer("test::grade")
                .build();
    }

    @Test
    void eachScorerAddsAStructOfTypedFields() {
        Dataset<Row> scored = SparkEvals.score(rows(), request());

        assertThat(scored.schema().fieldNames())
                .containsExactly(
                        "id",
                        "generated_answer",
                        "expected_answer",
                        "grade",
                        "weight",
                        "basic::equality",
                        "test::grade",
                        "evals_error");
        List<Row> out = scored.orderBy("id")
                .selectExpr(
                        "`basic::equality`.score",
                        "`test::grade`.score",
                        "`test::grade`.category",
                        "`test::grade`.unscored",
                        "`test::grade`.error",
                        "`test::grade`.no_answer",
                        "`test::grade`.details",
                        "evals_error")
                .collectAsList();

        assertThat(out.get(0).toString()).isEqualTo("[1.0,0.75,null,null,null,false,{\"weight\":2.0},null]");
        assertThat(out.get(1).toString()).isEqualTo("[0.0,null,CORRECT,null,null,false,null,null]");
        assertThat(out.get(2).toString()).isEqualTo("[1.0,null,null,no verdict,null,false,null,null]");
        assertThat(out.get(3).toString())
                .isEqualTo("[0.0,null,null,null,the grade 'throw' asks the scorer to fail,null,null,null]");
        assertThat(out.get(4).toString()).isEqualTo("[0.0,0.0,null,null,null,true,{\"no_answer\":true},null]");
        assertThat(scored.selectExpr("avg(`basic::equality`.score)").first().getDouble(0))
                .isEqualTo(0.4);
    }

    @Test
    void aRowWithoutAColumnTheScorersNeedSaysSo() {
        Dataset<Row> scored = SparkEvals.score(rows().drop("expected_answer"), request());

        Row first = scored.orderBy("id").first();
        assertThat(first.<Row>getAs("basic::equality")).isNull();
        assertThat(first.<String>getAs("evals_error"))
                .isEqualTo("the row has no column 'expected_answer'; its columns: id, generated_answer, grade, weight");
    }

    @Test
    void aColumnNamedLikeAScorerAndAScorerObjectAreRefused() {
        assertThatThrownBy(() -> SparkEvals.score(rows().withColumnRenamed("grade", "test::grade"), request()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the rows already have a column 'test::grade', which the scores would take; rename it"
                        + " first (withColumnRenamed)");
        BaseScorer mine = new UnregisteredScorer();
        assertThatThrownBy(() -> SparkEvals.score(
                        rows(),
                        EvalRequest.builder().dataset("logs").scorer(mine).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Spark configures the scorers on its executors from their ids, but the scorer"
                        + " my::scorer was given as an object (dev.evals4j.spark.testing.UnregisteredScorer)");
    }
}
