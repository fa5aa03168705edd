package dev.evals4j.cli;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.RunOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Hands {@code evals run --spark MASTER} over to evals-spark, found by reflection so that the command does not depend
 * on Spark: {@code dev.evals4j.spark.SparkEvals.run(master, request, options, responseCache)}, when evals-spark and
 * Spark are on the class path (the launcher puts them there with {@code --spark}).
 */
final class SparkHandOff {
    static final String ENTRY = "dev.evals4j.spark.SparkEvals";

    private SparkHandOff() {}

    /**
     * Runs the request on Spark.
     *
     * @throws ConfigurationException when evals-spark or Spark is not on the class path
     */
    static EvalResult run(
            String master, EvalRequest request, RunOptions options, boolean responseCache, boolean verbose) {
        try {
            return run(master, request, options, responseCache);
        } catch (EvalException e) {
            if (verbose
                    || e instanceof ConfigurationException
                    || !e.getMessage().contains("Spark's log")) {
                throw e;
            }
            // the command keeps Spark's log quiet unless --verbose (Main)
            throw new EvalException(e.getMessage() + "; run again with --verbose to see it", e);
        }
    }

    private static EvalResult run(String master, EvalRequest request, RunOptions options, boolean responseCache) {
        Method run;
        try {
            Class<?> spark = Class.forName(ENTRY, true, SparkHandOff.class.getClassLoader());
            run = spark.getMethod("run", String.class, EvalRequest.class, RunOptions.class, boolean.class);
        } catch (ClassNotFoundException | NoClassDefFoundError | NoSuchMethodException e) {
            throw new ConfigurationException("--spark needs evals-spark and Apache Spark on the class path ("
                    + (e instanceof ClassNotFoundException ? ENTRY : e.getMessage()) + " was not found): the"
                    + " repository's ./evals launcher adds them when --spark is given; elsewhere, see"
                    + " docs/spark.md");
        }
        try {
            return (EvalResult) run.invoke(null, master, request, options, responseCache);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException("the Spark run failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + ENTRY + ".run: " + e.getMessage(), e);
        }
    }
}
