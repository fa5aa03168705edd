/** Eval runs: row selection, the scoring and eval-task pipelines, and the results directory. */
package dev.evals4j.core.run;
