package dev.evals4j.scorers.ifeval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checkers on the cases of the reference's own unit tests ({@code instructions_test.py}, {@code _util_test}). */
class InstructionsTest {

    static boolean check(String id, Map<String, Object> kwargs, String response) {
        return Instructions.follows(id, kwargs, "", response);
    }

    @Test
    void wordsAreRunsOfWordCharacters() {
        assertThat(IfevalText.countWords("word1, word2, word3, word4.")).isEqualTo(4);
        assertThat(IfevalText.countWords("\n  Hyphenated-word has two word counts.\n  "))
                .isEqualTo(6);
        // Python's \w has no combining marks: the virama and vowel sign of "namaste" split it in two runs, as in the
        // reference
        assertThat(IfevalText.countWords("नमस्ते")).isEqualTo(2);
    }

    @Test
    void sentencesAsPunktCountsThem() {
        assertThat(IfevalText.countSentences("xx,x. xx,x! xx/x. x{x}x? x.")).isEqualTo(5);
        assertThat(IfevalText.countSentences("xx,x! xxxx. x(x)x?")).isEqualTo(3);
        assertThat(IfevalText.countSentences("xxxx. xx,x! xx|x. x&x x?")).isEqualTo(4);
        assertThat(IfevalText.countSentences("xx-x]xx,x! x{x}xx,x.")).isEqualTo(2);
        // abbreviations of the English model end no sentence; an initial before a name neither
        assertThat(IfevalText.countSentences("Mr. Smith met Dr. Jones at 5 p.m. today. They talked."))
                .isEqualTo(2);
        assertThat(IfevalText.countSentences("It was written by J. Bach. He was German."))
                .isEqualTo(2);
        assertThat(IfevalText.countSentences("")).isZero();
        assertThat(IfevalText.countSentences("He said \"Hi.\" Then he left.")).isEqualTo(2);
    }

    @Test
    void numberOfSentencesComparesWithTheRelation() {
        assertThat(check(
                        "length_constraints:number_sentences",
                        Map.of("relation", "less than", "num_sentences", 4),
                        "xx,x. xx,x! xx/x. x{x}x?"))
                .isFalse();
        assertThat(check(
                        "length_constraints:number_sentences",
                        Map.of("relation", "at least", "num_sentences", 4),
                        "xxxx. xx,x! xx|x. x&x x?"))
                .isTrue();
    }

    @Test
    void placeholdersBulletsAndConstrainedAnswers() {
        assertThat(check(
                        "detectable_content:number_placeholders",
                        Map.of("num_placeholders", 7),
                        "My [adjective] [noun] is [adjective] [noun]. I [verb] and [verb]."))
                .isFalse();
        String bullets =
                "\n  Here are three markdown bullets:\n  - I am a model.\n  - I am trained.\n  -I am learning.";
        assertThat(check("detectable_format:number_bullet_lists", Map.of("num_bullets", 3), bullets))
                .isTrue();
        String inline = "\n  Check that inline asterisk (*), *, will not be counted. Only * that starts a\n"
                + "  bullet list will be counted:\n    * This is a bullet point.\n    * Another bullet point.\n"
                + "    . dot is not counted";
        assertThat(check("detectable_format:number_bullet_lists", Map.of("num_bullets", 2), inline))
                .isTrue();
        assertThat(check("detectable_format:constrained_response", Map.of(), "\n My answer is no.\n"))
                .isTrue();
        assertThat(check("detectable_format:constrained_response", Map.of(), "Maybe."))
                .isFalse();
    }

    @Test
    void formatCaseAndPunctuationCheckers() {
        assertThat(check("detectable_format:json_format", Map.of(), "```json\n{\"a\": 1}\n```"))
                .isTrue();
        assertThat(check("detectable_format:json_format", Map.of(), "{a: 1}")).isFalse();
        assertThat(check("detectable_format:title", Map.of(), "<<A Title>>\ntext"))
                .isTrue();
        assertThat(check("detectable_format:title", Map.of(), "<< >>")).isFalse();
        assertThat(check("punctuation:no_comma", Map.of(), "no commas here")).isTrue();
        assertThat(check("startend:quotation", Map.of(), " \"quoted\" ")).isTrue();
        assertThat(check(
                        "startend:end_checker",
                        Map.of("end_phrase", "Any other questions?"),
                        "Done. Any other" + " questions?\""))
                .isTrue();
        assertThat(check("change_case:english_lowercase", Map.of(), "all lower case english text here"))
                .isTrue();
        assertThat(check("change_case:english_capital", Map.of(), "THIS IS ALL IN CAPITAL LETTERS"))
                .isTrue();
        assertThat(check("change_case:english_capital", Map.of(), "This is not"))
                .isFalse();
        // DON'T is two upper-case tokens for NLTK's word_tokenize (DO, N'T)
        assertThat(check(
                        "change_case:capital_word_frequency",
                        Map.of("capital_frequency", 3, "capital_relation", "at least"),
                        "I DON'T know."))
                .isTrue();
        assertThat(check("combination:two_responses", Map.of(), "one\n******\ntwo"))
                .isTrue();
        assertThat(check("combination:two_responses", Map.of(), "one\n******\none"))
                .isFalse();
        assertThat(check("length_constraints:number_paragraphs", Map.of("num_paragraphs", 2), "first\n***\nsecond"))
                .isTrue();
        assertThat(check(
                        "length_constraints:nth_paragraph_first_word",
                        Map.of("num_paragraphs", 2, "nth_paragraph", 2, "first_word", "then"),
                        "First.\n\n\"Then, second."))
                .isTrue();
        assertThat(check(
                        "keywords:letter_frequency",
                        Map.of("letter", "a", "let_frequency", 3, "let_relation", "less than"),
                        "A banana"))
                .isFalse();
        assertThat(check("keywords:forbidden_words", Map.of("forbidden_words", List.of("cat")), "concatenate"))
                .isTrue();
        assertThat(check("detectable_content:postscript", Map.of("postscript_marker", "P.S."), "Hi.\n\np.s. bye"))
                .isTrue();
    }

    @Test
    void languagesByScriptAndFunctionWords() {
        assertThat(LanguageGuess.detect("यह एक परीक्षण है और यह हिंदी में है")).hasValue("hi");
        assertThat(LanguageGuess.detect("Das ist ein Test und er ist nicht auf Englisch"))
                .hasValue("de");
        assertThat(LanguageGuess.detect("이것은 한국어 문장입니다")).hasValue("ko");
        assertThat(LanguageGuess.detect("این یک آزمایش است")).hasValue("fa");
        assertThat(LanguageGuess.detect("Это проверка, и она на русском языке")).hasValue("ru");
        assertThat(LanguageGuess.detect("12 345 !!")).isEmpty();
    }

    @Test
    void unknownInstructionsAndMissingArgumentsAreUnscoredWithTheReason() {
        assertThatThrownBy(() -> check("keywords:rhymes", Map.of(), "x"))
                .hasMessageStartingWith("unknown instruction id 'keywords:rhymes'; IFEval's are keywords:existence,");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("instruction_id_list", List.of("length_constraints:number_words"));
        Map<String, Object> kwargs = new HashMap<>();
        kwargs.put("num_words", null);
        kwargs.put("relation", "at least");
        row.put("kwargs", List.of(kwargs));
        ScoreResult s = new IfevalScorer.PromptStrict()
                .score(new ScorerInputSample("words", null, Optional.empty(), Optional.empty(), row));
        assertThat(s).isInstanceOf(ScoreResult.Unscored.class);
        assertThat(((ScoreResult.Unscored) s).reason())
                .isEqualTo("length_constraints:number_words needs the argument 'num_words'; its arguments were"
                        + " [relation]");
    }

    @Test
    void looseVariantsDropTheFirstAndLastLinesAndAsterisks() {
        assertThat(IfevalScorer.looseVariants("Sure!\n*body*\nBye"))
                .containsExactly(
                        "Sure!\n*body*\nBye",
                        "Sure!\nbody\nBye",
                        "*body*\nBye",
                        "Sure!\n*body*",
                        "*body*",
                        "body\nBye",
                        "Sure!\nbody",
                        "body");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("instruction_id_list", List.of("startend:quotation"));
        row.put("kwargs", List.of(Map.of()));
        ScorerInputSample sample =
                new ScorerInputSample("Here you go:\n\"quoted\"", null, Optional.empty(), Optional.empty(), row);
        assertThat(new IfevalScorer.PromptStrict().score(sample).scoreValue()).isEqualTo(0.0);
        assertThat(new IfevalScorer.PromptLoose().score(sample).scoreValue()).isEqualTo(1.0);
        ScoreResult blank = new IfevalScorer.InstructionLoose()
                .score(new ScorerInputSample("  ", null, Optional.empty(), Optional.empty(), row));
        assertThat(blank.scoreValue()).isEqualTo(0.0);
        assertThat(blank.details()).containsEntry("weight", 1.0);
    }
}
