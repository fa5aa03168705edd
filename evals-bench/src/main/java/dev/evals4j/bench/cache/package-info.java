/** Harnesses for the response cache on disk: write, hit, scan and eviction costs. */
package dev.evals4j.bench.cache;
