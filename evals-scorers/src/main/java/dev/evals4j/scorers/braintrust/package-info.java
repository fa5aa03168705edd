/**
 * autoevals' heuristic scorers ({@code braintrust::*}), computing what autoevals 0.3.0 computes, with
 * JavaScript's rules for numbers, strings and JSON; valid-json validates schemas as autoevals' Python ValidJSON
 * does, with Python's {@code jsonschema} rules.
 */
package dev.evals4j.scorers.braintrust;
