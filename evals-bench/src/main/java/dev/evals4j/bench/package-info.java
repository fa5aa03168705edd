/** Benchmarks of evals4j: JMH micro-benchmarks and end-to-end throughput harnesses. */
package dev.evals4j.bench;
