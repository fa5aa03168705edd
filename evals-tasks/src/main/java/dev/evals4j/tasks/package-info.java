/**
 * Benchmark tasks: {@code mmlu_pro}, {@code mmlu}, {@code gpqa_diamond}, {@code gsm8k}, {@code math_500},
 * {@code simpleqa} — each a dataset at a pinned Hub revision, a prompt, the scorers of a named protocol and its
 * generation defaults, with variants where published protocols differ. {@code docs/tasks.md} documents each.
 */
@NullMarked
package dev.evals4j.tasks;

import org.jspecify.annotations.NullMarked;
