/**
 * IFEval (Zhou et al. 2023): the 25 verifiable instructions of google-research's {@code instruction_following_eval}
 * checked in Java, with its strict and loose modes, and the scorers that report prompt-level and instruction-level
 * accuracy. The reference counts words and sentences with NLTK and detects languages with {@code langdetect};
 * {@link dev.evals4j.scorers.ifeval.IfevalText} and {@link dev.evals4j.scorers.ifeval.LanguageGuess} say how close the
 * Java versions come.
 */
@NullMarked
package dev.evals4j.scorers.ifeval;

import org.jspecify.annotations.NullMarked;
