/** The end-to-end throughput harness: a fake OpenAI-compatible server with a fixed latency, and runs against it. */
package dev.evals4j.bench.throughput;
