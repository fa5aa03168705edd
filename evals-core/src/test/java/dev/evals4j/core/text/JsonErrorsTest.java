package dev.evals4j.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evals4j.core.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Jackson's messages (jackson-core 2.22) in words for the person who wrote the JSON. */
class JsonErrorsTest {
    private static String describe(String json) {
        JsonProcessingException e =
                catchThrowableOfType(JsonProcessingException.class, () -> Json.MAPPER.readValue(json, Object.class));
        assertThat(e).as(json).isNotNull();
        return JsonErrors.describe(e);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"a\": NaN}|'NaN' is not a JSON number: JSON has no NaN or Infinity; write null, or the value as a"
                        + " string",
                "{\"a\": -Infinity}|'-Infinity' is not a JSON number: JSON has no NaN or Infinity; write null, or the"
                        + " value as a string",
                "{/* c */ \"a\": 1}|a comment ('/'): JSON has no comments",
                "{\"a\": +1}|a number with a plus sign: JSON numbers take no '+' (write 1, not +1)",
                "{'a': 1}|a single quote ('): JSON strings and names take double quotes (\")",
                "{\"a\": True}|unrecognized token 'True': JSON writes true, false and null in lower case",
                "{\"a\": tru}|unrecognized token 'tru': expected a JSON value (a string, number, array, object, true,"
                        + " false or null)",
                "{\"a\": 1|the input ends inside the object opened at line 1 column 1",
                "{\"a\": \"x|the input ends inside a string",
                "{\"a\": 1,|the input ends inside an object",
                "{\"a\": [1, 2}|'}' where ']' should close the array opened at line 1 column 7",
                "{a: 1}|unexpected character 'a': expected double-quote to start field name",
                "[1,]|unexpected character ']': expected a JSON value (a string, number, array, object, true, false or"
                        + " null)",
                "{\"a\": 01}|invalid numeric value: Leading zeroes not allowed",
            })
    void rewritesJacksonsMessages(String json, String expected) {
        assertThat(describe(json)).isEqualTo(expected);
    }

    @Test
    void aControlCharacterInAStringSaysHowToEscapeIt() {
        assertThat(describe("{\"a\": \"x\ty\"}"))
                .isEqualTo("a control character (code 9) inside a string: write it escaped, such as \\t for a tab or"
                        + " \\n for a new line");
    }

    @Test
    void limitsAreStatedWithoutTheLibrarysGetters() {
        assertThat(describe("{\"a\": " + "1".repeat(1001) + "}"))
                .isEqualTo("a number of 1001 characters, longer than the 1000 evals4j reads");
        assertThat(describe("[".repeat(1001) + "]".repeat(1001)))
                .isEqualTo("values nested 1001 deep, deeper than the 1000 evals4j reads");
    }

    @Test
    void hintsToProgrammersAreCutFromMessagesNotRewritten() {
        assertThat(JsonErrors.describe(
                        "Unexpected character ('x' (code 120)): enable `JsonReadFeature.SOMETHING` to" + " allow"))
                .isEqualTo("unexpected character 'x'");
        assertThat(JsonErrors.describe("Something odd\n at [Source: (String)\"{}\"; line: 1, column: 2]"))
                .isEqualTo("something odd");
    }
}
