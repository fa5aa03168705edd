package dev.evals4j.core.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.RowPage;
import dev.evals4j.core.testing.TestEvals;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetServiceTest {
    private final DatasetService datasets =
            (DatasetService) TestEvals.builder().build().datasets();

    private static List<Map<String, Object>> rows(int n) {
        return java.util.stream.IntStream.range(0, n)
                .<Map<String, Object>>mapToObj(i -> Map.of("i", i))
                .toList();
    }

    @Test
    void registersGetsListsAndUnregisters() {
        datasets.register(DatasetDefinition.ofRows("a", rows(2)));
        datasets.register(DatasetDefinition.ofUri("b", "data:text/csv,x%0A1%0A"));

        assertThat(datasets.list()).extracting(d -> d.identifier()).containsExactly("a", "b");
        assertThat(datasets.get("b"))
                .hasValueSatisfying(d -> assertThat(d.providerId()).isEqualTo("data"));
        assertThat(datasets.get("a"))
                .hasValueSatisfying(d -> assertThat(d.providerId()).isEqualTo("rows"));

        datasets.unregister("a");

        assertThat(datasets.get("a")).isEmpty();
        assertThatThrownBy(() -> datasets.unregister("a"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("no dataset has the id 'a'; registered datasets: b");
    }

    @Test
    void anUnknownIdAsksAboutTheNearestOrSaysNoneIsRegistered() {
        assertThatThrownBy(() -> datasets.iterRows("capitals", 0, 1))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("no dataset has the id 'capitals'; no dataset is registered (register one with"
                        + " datasets().register(DatasetDefinition.ofUri(id, uri)))");

        datasets.register(DatasetDefinition.ofRows("capitals", rows(1)));
        datasets.register(DatasetDefinition.ofRows("rivers", rows(1)));

        assertThatThrownBy(() -> datasets.iterRows("capitls", 0, 1))
                .hasMessage("no dataset has the id 'capitls'; did you mean capitals? Registered datasets: capitals,"
                        + " rivers");
    }

    @Test
    void registeringAnIdTwiceIsRefused() {
        datasets.register(DatasetDefinition.ofRows("a", rows(1)));

        assertThatThrownBy(() -> datasets.register(DatasetDefinition.ofRows("a", rows(1))))
                .hasMessage(
                        "a dataset with the id 'a' is already registered; unregister it first or choose another id");
    }

    @Test
    void iteratesRowsPageByPageLikeLlamaStack() {
        datasets.register(DatasetDefinition.ofRows("a", rows(5)));

        RowPage first = datasets.iterRows("a", 0, 2);
        RowPage last = datasets.iterRows("a", 4, 2);
        RowPage all = datasets.iterRows("a", 1, -1);

        assertThat(first.data()).extracting(r -> r.get("i")).containsExactly(0, 1);
        assertThat(first.hasMore()).isTrue();
        assertThat(last.data()).extracting(r -> r.get("i")).containsExactly(4);
        assertThat(last.hasMore()).isFalse();
        assertThat(all.data()).hasSize(4);
        assertThat(all.hasMore()).isFalse();
        assertThat(datasets.iterRows("a", 2, 3).hasMore()).isFalse();
        assertThat(datasets.iterRows("a", 9, 3).data()).isEmpty();
    }

    @Test
    void appendedRowsFollowTheSourceRows() {
        datasets.register(DatasetDefinition.ofUri("b", "data:text/csv,i%0A0%0A1%0A"));

        datasets.appendRows("b", List.of(Map.of("i", "2")));

        assertThat(datasets.iterRows("b", 0, -1).data())
                .extracting(r -> r.get("i"))
                .containsExactly("0", "1", "2");
    }

    @Test
    void renamesColumnsAndRefusesToRenameAMissingOne() {
        datasets.register(DatasetDefinition.ofRows("a", List.of(Map.of("output_parsed_answer", "B", "gold", "B")))
                .withRenamedColumns(Map.of("output_parsed_answer", "generated_answer", "gold", "expected_answer")));
        datasets.register(
                DatasetDefinition.ofRows("bad", rows(1)).withRenamedColumns(Map.of("gold", "expected_answer")));

        assertThat(datasets.iterRows("a", 0, 1).data().get(0)).containsOnlyKeys("generated_answer", "expected_answer");
        assertThatThrownBy(() -> datasets.iterRows("bad", 0, 1))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage(
                        "cannot rename the column 'gold' of inline rows row 0: it has no such column; its columns: i");
    }
}
