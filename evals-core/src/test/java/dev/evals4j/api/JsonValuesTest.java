package dev.evals4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rows that {@link JsonValues} makes: ordered, unmodifiable, deep copies, found by name however wide. */
class JsonValuesTest {
    @Test
    @SuppressWarnings("unchecked")
    void aCopiedRowKeepsOrderNullsAndEqualsTheMapItCameFrom() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("z", "last letter");
        source.put("a", null);
        source.put("list", new ArrayList<>(List.of(1, 2)));
        source.put("map", new HashMap<>(Map.of("k", "v")));

        Map<String, Object> row = JsonValues.copyRow(source);

        assertThat(row.keySet()).containsExactly("z", "a", "list", "map");
        assertThat(row).isEqualTo(source).hasSameHashCodeAs(source);
        assertThat(row.get("a")).isNull();
        assertThat(row.containsKey("a")).isTrue();
        assertThat(row.containsKey("b")).isFalse();
        assertThat(row.get("b")).isNull();
        assertThat(row.get(null)).isNull();
        assertThat(row.toString()).isEqualTo(source.toString());
        // a deep copy: changing the source changes nothing
        ((List<Object>) source.get("list")).add(3);
        source.put("z", "changed");
        assertThat(row.get("list")).isEqualTo(List.of(1, 2));
        assertThat(row.get("z")).isEqualTo("last letter");
        assertThatThrownBy(() -> row.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) row.get("list")).add(4))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> row.entrySet().iterator().next().setValue("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(JsonValues.copyRow(row)).isSameAs(row);
    }

    @Test
    void rowsMadeFromOneListOfColumnsAreFoundByNameAndStandAlone() {
        List<String> columns = List.of("input_query", "generated_answer", "expected_answer");
        Map<String, Object> first = JsonValues.row(columns, new Object[] {"q1", "a", "b"});
        Object[] values = {"q2", "c", "c"};
        Map<String, Object> second = JsonValues.row(columns, values);
        values[0] = "changed after";

        assertThat(first)
                .containsExactly(
                        Map.entry("input_query", "q1"),
                        Map.entry("generated_answer", "a"),
                        Map.entry("expected_answer", "b"));
        assertThat(second.get("input_query")).isEqualTo("q2");
        assertThat(second.get(new String("expected_answer"))).isEqualTo("c"); // an equal name, not the same object
        Map<String, Object> seen = new LinkedHashMap<>();
        second.forEach(seen::put);
        assertThat(seen).isEqualTo(Map.of("input_query", "q2", "generated_answer", "c", "expected_answer", "c"));
        assertThat(new DatasetSample(0, second).row()).isSameAs(second);
    }

    @Test
    void aWideRowFindsEveryColumn() {
        List<String> columns = new ArrayList<>();
        Object[] values = new Object[40];
        for (int i = 0; i < values.length; i++) {
            columns.add("c" + i);
            values[i] = i;
        }
        Map<String, Object> row = JsonValues.row(columns, values);
        Map<String, Object> copied = JsonValues.copyRow(new LinkedHashMap<>(row));
        for (int i = 0; i < values.length; i++) {
            assertThat(row.get("c" + i)).isEqualTo(i);
            assertThat(copied.get("c" + i)).isEqualTo(i);
        }
        assertThat(row.get("c40")).isNull();
        assertThat(row.keySet()).containsExactlyElementsOf(columns);
    }

    @Test
    void rowsOfDifferentColumnsOneAfterAnotherKeepTheirOwn() {
        Map<String, Object> one = JsonValues.copyRow(Map.of("a", 1));
        Map<String, Object> two = JsonValues.copyRow(new LinkedHashMap<>(Map.of("b", 2)));
        Map<String, Object> three = JsonValues.row(List.of("a"), new Object[] {3});
        Map<String, Object> four = JsonValues.row(Arrays.asList("b", "c"), new Object[] {4, 5});
        assertThat(one).isEqualTo(Map.of("a", 1));
        assertThat(two).isEqualTo(Map.of("b", 2));
        assertThat(three).isEqualTo(Map.of("a", 3));
        assertThat(four).isEqualTo(Map.of("b", 4, "c", 5));
    }

    @Test
    void badRowsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> JsonValues.row(List.of("a", "b"), new Object[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a row of 2 columns was given 1 values");
        assertThatThrownBy(() -> JsonValues.row(List.of("a", "a"), new Object[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a row has the column 'a' twice");
        Map<String, Object> nullName = new HashMap<>();
        nullName.put(null, 1);
        assertThatThrownBy(() -> JsonValues.copyRow(nullName))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a row has a column without a name");
    }

    @Test
    void aListOfColumnsChangedBetweenRowsGivesEachRowItsOwnNames() {
        List<String> columns = new ArrayList<>(List.of("a", "b"));
        Map<String, Object> first = JsonValues.row(columns, new Object[] {1, 2});
        columns.add("c");
        Map<String, Object> second = JsonValues.row(columns, new Object[] {1, 2, 3});
        columns.set(0, "x");
        Map<String, Object> third = JsonValues.row(columns, new Object[] {4, 5, 6});

        assertThat(first.keySet()).containsExactly("a", "b");
        assertThat(second.keySet()).containsExactly("a", "b", "c");
        assertThat(second.get("c")).isEqualTo(3);
        assertThat(third.keySet()).containsExactly("x", "b", "c");
        assertThat(third.get("x")).isEqualTo(4);
        assertThat(third.containsKey("a")).isFalse();
    }

    @Test
    void keysOfANestedMapThatReadTheSameKeepTheLaterValueAtTheFirstPlace() {
        Map<Object, Object> nested = new LinkedHashMap<>();
        nested.put(1, "number");
        nested.put("z", "between");
        nested.put("1", "text");
        Map<String, Object> row = JsonValues.copyRow(Map.of("nested", nested));

        @SuppressWarnings("unchecked")
        Map<String, Object> copied = (Map<String, Object>) row.get("nested");
        assertThat(copied).containsExactly(Map.entry("1", "text"), Map.entry("z", "between"));
    }

    @Test
    void rowsAndDetailsMadeInTurnsAreEachRight() {
        for (int i = 0; i < 20; i++) {
            Map<String, Object> row = JsonValues.row(List.of("q", "a"), new Object[] {"q" + i, "a" + i});
            Map<String, Object> details = JsonValues.copyRow(Map.of("weight", i));
            Map<String, Object> other = JsonValues.copyRow(new LinkedHashMap<>(Map.of("q", i)));
            assertThat(row).isEqualTo(Map.of("q", "q" + i, "a", "a" + i));
            assertThat(details).isEqualTo(Map.of("weight", i));
            assertThat(other).isEqualTo(Map.of("q", i));
        }
    }
}
