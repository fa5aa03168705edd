/**
 * The Spark side of {@code evals-spark}: the driver's orchestration, the functions its executors run, and the merge
 * of their counts; public only because Spark's functions must be, not an API.
 */
@NullMarked
package dev.evals4j.spark.internal;

import org.jspecify.annotations.NullMarked;
