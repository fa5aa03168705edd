/**
 * Runs an unchanged eval on Apache Spark: {@link dev.evals4j.spark.SparkEvals} scores a {@code Dataset<Row>} or a
 * dataset file as a distributed map, and fans an eval task's model calls out over the cluster's partitions, with the
 * results folder of a local run ({@code results.json} identical in its aggregates, {@code run.json}, samples in
 * parts). Spark is a {@code provided} dependency: the application brings its cluster's version (4.x on Scala 2.13).
 */
@NullMarked
package dev.evals4j.spark;

import org.jspecify.annotations.NullMarked;
