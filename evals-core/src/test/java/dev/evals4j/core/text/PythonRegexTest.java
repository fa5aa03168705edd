package dev.evals4j.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.MatchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PythonRegex behaviours that the parity corpus cannot show on its own: long inputs, the exact messages users
 * read, and the operations' contracts. The corpus ({@link PythonRegexCorpusTest}) checks the results themselves.
 */
class PythonRegexTest {
    private static final String AB_40K = "ab".repeat(20_000);
    private static final String ANSWER_20K = "The answer is " + "x\n".repeat(10_000);

    @Test
    void afterAnEmptyMatchANonEmptyMatchMayStartAtTheSamePosition() {
        // Python 3.7+: re.sub(r'^.*?(?=\d)', '', '24') == '4', re.sub('x*', '-', 'abxd') == '-a-b--d-'
        assertThat(PythonRegex.compile("^.*?(?=\\d)").subLiteral("24", "", 0)).isEqualTo("4");
        assertThat(PythonRegex.compile("x*").subLiteral("abxd", "-", 0)).isEqualTo("-a-b--d-");
        assertThat(PythonRegex.compile("x*").findAll("abxd")).containsExactly("", "", "x", "", "");
        assertThat(PythonRegex.compile("^.*?(?=\\d)").matches("24").stream().map(m -> m.start() + "-" + m.end()))
                .containsExactly("0-0", "0-1");
    }

    @Test
    void aRepeatedGroupOfSingleCharactersRunsOnAFortyThousandCharacterInput() {
        // java.util.regex overflows its stack on (a|b)+ here; PythonRegex writes the group as ([ab])+, which it
        // repeats without recursion
        PythonRegex regex = PythonRegex.compile("(a|b)+");
        MatchResult m = regex.search(AB_40K).orElseThrow();
        assertThat(m.end()).isEqualTo(40_000);
        assertThat(m.group(1)).isEqualTo("b");
        assertThat(regex.findAll(AB_40K)).containsExactly("b");
    }

    @Test
    void dotOrNewlineRepeatedRunsOnATwentyKilobyteAnswer() {
        PythonRegex regex = PythonRegex.compile("The answer is ((.|\\n)*)");
        assertThat(regex.findFirst(ANSWER_20K)).contains(List.of("x\n".repeat(10_000), "\n"));
        assertThat(regex.subLiteral(ANSWER_20K, "", 0)).isEmpty();
    }

    @Test
    void anInputTooLongForJavasRecursionIsABudgetErrorNamingThePatternAndTheFix() {
        PythonRegex regex = PythonRegex.compile("(ab|cd)+");
        assertThatThrownBy(() -> regex.search(AB_40K))
                .isInstanceOf(RegexStackOverflowException.class)
                .isInstanceOf(RegexBudgetExceededException.class)
                .hasMessage("the regex '(ab|cd)+' ran out of stack on a 40000-character input: java.util.regex"
                        + " recurses on every repetition of a group with alternatives, so the input is too long for"
                        + " this regex; repeat a character class or a group without alternatives instead (e.g."
                        + " [\\s\\S]* rather than (.|\\r\\n)*, (?:ab)+ rather than (ab|ba)+), or shorten the input");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "search",
                "match",
                "fullMatch",
                "findAll",
                "findFirst",
                "matches",
                "subFunction",
                "subTemplate",
                "subLiteral"
            })
    void everyOperationTurnsAStackOverflowIntoABudgetError(String operation) {
        PythonRegex regex = PythonRegex.compile("The answer is ((.|\\r\\n)*)$");
        Map<String, BiConsumer<PythonRegex, String>> operations = Map.of(
                "search", PythonRegex::search,
                "match", PythonRegex::match,
                "fullMatch", PythonRegex::fullMatch,
                "findAll", PythonRegex::findAll,
                "findFirst", PythonRegex::findFirst,
                "matches", PythonRegex::matches,
                "subFunction", (r, s) -> r.sub(s, m -> ""),
                "subTemplate", (r, s) -> r.sub(s, "\\1", 0),
                "subLiteral", (r, s) -> r.subLiteral(s, "", 0));
        String input = "The answer is " + "x\r\n".repeat(10_000);
        assertThatThrownBy(() -> operations.get(operation).accept(regex, input))
                .isInstanceOf(RegexStackOverflowException.class)
                .hasMessageStartingWith(
                        "the regex 'The answer is ((.|\\r\\n)*)$' ran out of stack on a" + " 30014-character input: ");
    }

    @Test
    void catastrophicBacktrackingIsStillABudgetErrorOfItsOwn() {
        PythonRegex regex = PythonRegex.compile("a*a*a*b");
        assertThatThrownBy(() -> regex.search("a".repeat(3000) + "c"))
                .isExactlyInstanceOf(RegexBudgetExceededException.class)
                .hasMessage("the regex 'a*a*a*b' needed too many steps on a 3001-character input (catastrophic"
                        + " backtracking?)");
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '"',
            value = {
                "( => missing ), unterminated subpattern at position 0",
                "a) => unbalanced parenthesis at position 1",
                "*a => nothing to repeat at position 0",
                "a** => multiple repeat at position 2",
                "[a => unterminated character set at position 0",
                "[z-a] => bad character range z-a at position 1",
                "\\e => bad escape \\e at position 0",
                "(?<name>x) => unknown extension ?<n at position 1",
                "a(?i)b => global flags not at the start of the expression at position 1",
                "(?<=a|bc)d => look-behind requires fixed-width pattern",
                "x{2,1} => min repeat greater than max repeat at position 2",
                "(?P<a>x)(?P<a>y) => redefinition of group name 'a' as group 2; was group 1 at position 12",
                "(a)\\2 => invalid group reference 2 at position 4"
            })
    void aPatternCPythonRefusesIsRefusedWithCPythonsMessage(String pattern, String message) {
        assertThatThrownBy(() -> PythonRegex.compile(pattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid regular expression '" + pattern + "': " + message);
    }

    @Test
    void aPositionInAPatternOfSeveralLinesAlsoGivesTheLineAndColumn() {
        assertThatThrownBy(() -> PythonRegex.compile("(?x)\n  a\n  (b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid regular expression '(?x)\n  a\n  (b': missing ), unterminated subpattern at"
                        + " position 11 (line 3, column 3)");
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '"',
            value = {
                "(a)?(?(1)b|c) => a conditional group, (?(1)b|c) at position 4, is not supported by evals4j:"
                        + " java.util.regex has no equivalent; write the two cases as alternatives",
                "(a)(?<=\\1) => a group reference in a look-behind, \\1 at position 7, is not supported by evals4j:"
                        + " java.util.regex must know how far a look-behind reaches before it matches",
                "(?i)(\\w+) \\1 => a case-insensitive group reference, \\1 at position 10, is not supported by evals4j:"
                        + " java.util.regex takes \u017f and s, \u0131 and i, \u03c2 and \u03c3 (and a few more) for the"
                        + " same letter there, Python does not; add (?a) for ASCII-only case folding, or match"
                        + " case-sensitively",
                "(?>(a)|b)c => a capturing group in an atomic group or a possessive repeat, (a) at position 3, is not"
                        + " supported by evals4j: java.util.regex keeps what such a group captured when the match fails"
                        + " after it and backtracks, Python drops it; make it non-capturing, (?:...)",
                "(?:(?=(\\w))a)* => a capturing group in a look-around, (\\w) at position 6, is not supported by"
                        + " evals4j:"
                        + " java.util.regex keeps what such a group captured when the match fails after it and"
                        + " backtracks, Python drops it (here the look-around may run more than once, or the group may"
                        + " not take part); make it non-capturing, (?:...), or move the look-around out of the repeat"
                        + " or alternative",
                "(a*)+ => a repeat of a group that can match the empty string, (a*) at position 0, is not supported by"
                        + " evals4j: java.util.regex stops repeating it after an empty match, where Python goes on to"
                        + " the minimum count and one more; make the group non-capturing, (?:...), or unable to match"
                        + " the empty string (e.g. (a+)* rather than (a*)+)"
            })
    void aConstructJavaCannotRunAsPythonDoesIsRefusedNamingIt(String pattern, String message) {
        assertThatThrownBy(() -> PythonRegex.compile(pattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid regular expression '" + pattern + "': " + message);
    }

    @Test
    void theCapturingIdiomsThatRunExactlyAreAccepted() {
        // a look-ahead passed once on each path, whose group always takes part; and (?a) case folding of a group
        // reference
        assertThat(PythonRegex.compile("(?=(\\w+))").findAll("ab c")).containsExactly("ab", "b", "c");
        assertThat(PythonRegex.compile("x*(?=(\\w))").findAll("xxa")).containsExactly("a", "a");
        assertThat(PythonRegex.compile("(?ai)(\\w+) \\1").search("Hello hello").map(MatchResult::group))
                .contains("Hello hello");
        assertThat(PythonRegex.compile("^(?!(Answer|Note)).*").search("Note: x"))
                .isEmpty();
        assertThat(PythonRegex.compile("^(?!(Answer|Note)).*").search("Final").map(m -> m.group(1)))
                .isEmpty();
    }

    @Test
    void aBadReplacementTemplateIsRefusedWithCPythonsMessage() {
        PythonRegex regex = PythonRegex.compile("(?P<word>\\w+)");
        assertThatThrownBy(() -> regex.sub("ab", "\\2", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid replacement template '\\2' for the regex '(?P<word>\\w+)': invalid group reference"
                        + " 2 at position 1");
        assertThatThrownBy(() -> regex.sub("ab", "\\g<nope>", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid replacement template '\\g<nope>' for the regex '(?P<word>\\w+)': unknown group"
                        + " name 'nope'");
    }

    @Test
    void templatesReferToGroupsByNumberAndName() {
        PythonRegex regex = PythonRegex.compile("(?P<word>\\w+)(x)?");
        assertThat(regex.sub("ab cd", "<\\1|\\g<1>|\\g<word>|\\2|\\g<0>>\\n", 0))
                .isEqualTo("<ab|ab|ab||ab>\n <cd|cd|cd||cd>\n");
        assertThat(regex.sub("ab cd", "[\\g<0>]", 1)).isEqualTo("[ab] cd");
        assertThat(regex.groupIndex()).isEqualTo(Map.of("word", 1));
        assertThat(regex.groupCount()).isEqualTo(2);
    }

    @Test
    void matchAnchorsAtTheStartAndFullMatchNeedsTheWholeText() {
        PythonRegex regex = PythonRegex.compile("a|ab");
        assertThat(regex.match("abc").map(MatchResult::group)).contains("a");
        assertThat(regex.match("cab")).isEmpty();
        assertThat(regex.fullMatch("ab").map(MatchResult::group)).contains("ab");
        assertThat(regex.fullMatch("abc")).isEmpty();
        assertThat(regex.search("cab").map(MatchResult::start)).contains(1);
    }

    @Test
    void spansAreJavaIndexesOverSurrogatePairs() {
        // Python counts code points; a MatchResult counts chars, as java.lang.String does
        MatchResult m =
                PythonRegex.compile("\\w+").search("\uD83D\uDE00 \uD835\uDC00b").orElseThrow();
        assertThat(m.start()).isEqualTo(3);
        assertThat(m.group()).isEqualTo("\uD835\uDC00b");
    }
}
