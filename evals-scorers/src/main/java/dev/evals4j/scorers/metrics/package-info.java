/**
 * Text-similarity metrics as their reference implementations compute them: SQuAD token F1, sacrebleu's BLEU and
 * chrF, Google's rouge-score ROUGE-1/2/L, and numeric equality.
 */
package dev.evals4j.scorers.metrics;
