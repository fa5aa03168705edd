/** The {@code evals} command. */
package dev.evals4j.cli;
