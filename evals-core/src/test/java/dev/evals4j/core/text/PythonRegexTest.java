package dev.evals4j.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PythonRegex gives the results of CPython's {@code re}. */
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
        assertThat(PythonRegex.compile("\\b").sub("ab cd", m -> "|")).isEqualTo("|ab| |cd|");
    }

    @Test
    void anInputTooLongForJavasRecursionIsABudgetErrorNamingThePatternAndTheFix() {
        assertThatThrownBy(() -> PythonRegex.compile("(a|b)+").search(AB_40K))
                .isInstanceOf(RegexStackOverflowException.class)
                .isInstanceOf(RegexBudgetExceededException.class)
                .hasMessage("the regex '(a|b)+' ran out of stack on a 40000-character input: java.util.regex"
                        + " recurses on every repetition of a group with alternatives, so the input is too long for"
                        + " this regex; repeat a character class or a group without alternatives instead (e.g."
                        + " [\\s\\S]* rather than (.|\\r\\n)*, (?:ab)+ rather than (ab|ba)+), or shorten the input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"search", "findAll", "findFirst", "matches", "subFunction", "subLiteral"})
    void everyOperationTurnsAStackOverflowIntoABudgetError(String operation) {
        Map<String, BiConsumer<PythonRegex, String>> operations = Map.of(
                "search", PythonRegex::search,
                "findAll", PythonRegex::findAll,
                "findFirst", PythonRegex::findFirst,
                "matches", PythonRegex::matches,
                "subFunction", (r, s) -> r.sub(s, m -> ""),
                "subLiteral", (r, s) -> r.subLiteral(s, "", 0));
        PythonRegex regex = PythonRegex.compile("The answer is ((.|\\n)*)");
        assertThatThrownBy(() -> operations.get(operation).accept(regex, ANSWER_20K))
                .isInstanceOf(RegexStackOverflowException.class)
                .hasMessageStartingWith(
                        "the regex 'The answer is ((.|\\n)*)' ran out of stack on a 20014-character input: ");
    }
}
