/** The one Jackson configuration evals4j reads and writes JSON with. */
package dev.evals4j.core.json;
