/**
 * {@code answer::match}: the scorer that published benchmark protocols are built from — answer extraction with
 * fallbacks that says when nothing was found, a named policy for a missing answer, the same normalisation on the
 * expected side, and exact or numeric comparison.
 */
@NullMarked
package dev.evals4j.scorers.answer;

import org.jspecify.annotations.NullMarked;
