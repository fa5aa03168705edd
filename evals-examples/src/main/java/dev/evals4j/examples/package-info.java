/** Runnable examples of evals4j and an example scorer plugin. */
package dev.evals4j.examples;
