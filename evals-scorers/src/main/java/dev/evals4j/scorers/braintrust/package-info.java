/**
 * autoevals' heuristic scorers ({@code braintrust::*}), computing what autoevals 0.3.0 computes, with
 * JavaScript's rules for numbers, strings and JSON.
 */
package dev.evals4j.scorers.braintrust;
