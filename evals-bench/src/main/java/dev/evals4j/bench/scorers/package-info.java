/** JMH benchmarks of the built-in scorers. */
package dev.evals4j.bench.scorers;
