/** Hand-written fake plugins for the core's tests. */
package dev.evals4j.core.testing;
