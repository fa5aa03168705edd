package dev.evals4j.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** PythonRegex gives the results of CPython's {@code re}. */
class PythonRegexTest {
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
}
