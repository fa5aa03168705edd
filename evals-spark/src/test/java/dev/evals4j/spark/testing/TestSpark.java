package dev.evals4j.spark.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of the module's tests: local mode with two threads, and a task retried once after a failure
 * ({@code local[2,2]}: in local mode Spark retries a failed task only when the master says so). One session for every
 * test class of the JVM, since starting one takes seconds; Spark stops it when the JVM ends.
 */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2,2]")
                    .appName("evals-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.sql.warehouse.dir", "target/spark-warehouse")
                    .getOrCreate();
        }
        return session;
    }
}
