package dev.evals4j.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PyRandom, PyJson and PyArithmetic against values printed by CPython 3.11. */
class PythonNumbersTest {
    @Test
    void reseedingBeforeEveryDrawGivesMmluProsConstantGuessPerOptionCount() {
        // random.seed(12345); random.randint(0, n-1) for n = 1..10
        int[] python = {0, 1, 1, 3, 3, 3, 3, 6, 6, 6};
        for (int n = 1; n <= 10; n++) {
            assertThat(PyRandom.seeded(12345).randint(0, n - 1)).as("n=%d", n).isEqualTo(python[n - 1]);
        }
    }

    @Test
    void stringSeedsSamplesAndFloatsAreCPythons() {
        PyRandom r = PyRandom.seeded("12345:0");
        List<Integer> draws = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            draws.add(r.randint(0, 9));
        }
        assertThat(draws).containsExactly(7, 1, 2, 6, 1);
        PyRandom zero = PyRandom.seeded(0);
        assertThat(zero.sampleRange(4, 4)).containsExactly(3, 1, 0, 2);
        assertThat(zero.sampleRange(4, 4)).containsExactly(3, 1, 2, 0);
        PyRandom big = PyRandom.seeded((1L << 40) + 7);
        assertThat(big.getrandbits(32)).isEqualTo(2635837658L);
        assertThat(big.random()).isEqualTo(0.7473242567100844);
    }

    @Test
    void jsonLoadsAsPythonDoes() {
        assertThat(PyJson.loads("{\"a\": 1, \"a\": 2}")).contains(Map.of("a", new java.math.BigInteger("2")));
        assertThat(PyJson.loads("{\"a\": NaN}")).isPresent();
        assertThat(PyJson.loads("{\"a\": 01}")).isEmpty();
        assertThat(PyJson.loads("{\"a\": 1,}")).isEmpty();
        assertThat(PyJson.str(
                        PyJson.loads("{\"a\": [true, null, 1.5e3, \"it's\"]}").orElseThrow()))
                .isEqualTo("{'a': [True, None, 1500.0, \"it's\"]}");
    }

    @Test
    void arithmeticIsPythonsAndNothingElseIsEvaluated() {
        assertThat(PyArithmetic.evaluate("7 // 2 + 7 % -3")).hasValue(1.0); // 3 + (-2)
        assertThat(PyArithmetic.evaluate("2 ** -1")).hasValue(0.5);
        assertThat(PyArithmetic.evaluate("1_000/4")).hasValue(250.0);
        assertThat(PyArithmetic.evaluate("x/2")).isEmpty();
        assertThat(PyArithmetic.evaluate("__import__('os')/1")).isEmpty();
        assertThat(PyArithmetic.evaluate("012/3")).isEmpty();
        assertThat(PyText.repr(2.0 / 3)).isEqualTo("0.6666666666666666");
        assertThat(PyText.repr(1e16)).isEqualTo("1e+16");
    }
}
