package dev.evals4j.junit.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.api.spi.RowReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every dataset plugin follows, as a test that a dataset plugin's own test extends.
 *
 * <p>A subclass gives the plugin ({@link #dataset()}), a source it reads ({@link #source()}: a file the test
 * writes, a URL of a server the test runs) and the rows that source holds ({@link #expectedRows()}), and may give a
 * source of the same kind that does not exist ({@link #missingSource()}). The kit then checks:
 * <ul>
 *   <li>the id is lower case letters, digits, {@code .}, {@code _} and {@code -}; the description is one non-blank
 *       line; parameters, if any, have snake_case names, once each, with descriptions;</li>
 *   <li>{@code accepts} the source, and refuses sources of other schemes ({@link #refusedSources()});</li>
 *   <li>{@code open} reads the expected rows, in order, and again the same rows when opened a second time; at the end,
 *       {@code next()} stays empty;</li>
 *   <li>{@code location()} names the source ({@link #nameOf}) after every row;</li>
 *   <li>{@code close()} can be called twice, after reading or without reading;</li>
 *   <li>a source that does not exist fails, at {@code open} or at the first row, with a {@link DatasetLoadException}
 *       whose message names it.</li>
 * </ul>
 * Rows are compared as JSON values: an {@code Integer} and a {@code Long} of the same value are the same number, and
 * the order of a row's columns does not matter.
 *
 * <p>A case the kit cannot run is reported as skipped, with the reason and what to override, never as passed: the
 * missing-source case without a {@link #missingSource()} (a {@code data:} URL or inline rows cannot be missing), the
 * location case for a source without rows. The kit opens sources with {@code open(source, context())}, asking for
 * {@link #context()} once per test, and closes a {@link KitContext} it was given after each test.
 *
 * <pre>{@code
 * class MyDatasetTest extends DatasetContractTest {
 *     @TempDir Path dir;
 *
 *     @Override
 *     protected BaseDataset dataset() {
 *         return new MyDataset();
 *     }
 *
 *     @Override
 *     protected DatasetSource source() {
 *         return DatasetSource.uri("my://" + write(dir.resolve("rows.my"), ROWS));
 *     }
 *
 *     @Override
 *     protected List<Map<String, Object>> expectedRows() {
 *         return ROWS;
 *     }
 *
 *     @Override
 *     protected Optional<DatasetSource> missingSource() {
 *         return Optional.of(DatasetSource.uri("my://" + dir.resolve("missing.my")));
 *     }
 * }
 * }</pre>
 */
public abstract class DatasetContractTest {
    private @Nullable PluginContext context;

    /** The dataset plugin under test. */
    protected abstract BaseDataset dataset();

    /** A source the plugin reads, which holds {@link #expectedRows()}. */
    protected abstract DatasetSource source();

    /** The rows of {@link #source()}, in order. */
    protected abstract List<Map<String, Object>> expectedRows();

    /**
     * A source of the same kind as {@link #source()} that does not exist (a missing file, a URL the test's server
     * answers 404, a dataset the fake Hub does not have); empty by default, which skips that case.
     */
    protected Optional<DatasetSource> missingSource() {
        return Optional.empty();
    }

    /**
     * Sources of other kinds, which the plugin must not accept: by default a URI of a scheme no plugin reads, and
     * whichever of a local path, an {@code http} URL, a {@code data:} URL, an {@code hf} dataset and inline rows are
     * not of the kind of {@link #source()}. Override it for a plugin that reads several of these.
     */
    protected List<DatasetSource> refusedSources() {
        DatasetSource source = source();
        List<DatasetSource> refused = new ArrayList<>();
        refused.add(DatasetSource.uri("evals4j-kit-unknown://datasets/rows.jsonl"));
        String scheme = source instanceof DatasetSource.Uri uri ? uri.scheme() : "";
        for (String other : List.of(
                "rows.jsonl", "http://127.0.0.1/rows.jsonl", "data:text/csv,a%0A1", "hf://datasets/owner/name")) {
            DatasetSource.Uri candidate = (DatasetSource.Uri) DatasetSource.uri(other);
            if (!candidate.scheme().equals(scheme)) {
                refused.add(candidate);
            }
        }
        if (!(source instanceof DatasetSource.Rows)) {
            refused.add(DatasetSource.rows(List.of(Map.of("input_query", "q", "expected_answer", "a"))));
        }
        return refused;
    }

    /**
     * How messages and {@code location()} name a source: by default the last segment of a URI's path, without the
     * query ({@code rows.jsonl} for {@code http://host/data/rows.jsonl?token=…}), {@code data:} for a {@code data:}
     * URL, and {@code inline rows} for rows.
     */
    protected String nameOf(DatasetSource source) {
        if (!(source instanceof DatasetSource.Uri uri)) {
            return "inline rows";
        }
        if (uri.scheme().equals("data")) {
            return "data:";
        }
        String text = uri.uri();
        int cut = indexOfAny(text, '?', '#');
        if (cut >= 0) {
            text = text.substring(0, cut);
        }
        while (text.endsWith("/") || text.endsWith("\\")) {
            text = text.substring(0, text.length() - 1);
        }
        int slash = Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\'));
        return slash >= 0 ? text.substring(slash + 1) : text;
    }

    /**
     * The context sources are opened with, asked once per test; by default a {@link KitContext}, which has an empty
     * environment, folders of its own and no other plugins. Override it to give the plugin the environment it reads
     * (a Hub's endpoint), such as an evals4j instance's context.
     */
    protected PluginContext context() {
        return new KitContext();
    }

    private PluginContext kitContext() {
        if (context == null) {
            context = context();
        }
        return context;
    }

    @AfterEach
    void closeWhatTheKitMade() {
        PluginRules.closeIfKitContext(context);
        context = null;
    }

    @Test
    void idIsWellFormed() {
        PluginRules.idMatches(dataset(), PluginRules.PLUGIN_ID, "lower case letters, digits, '.', '_', '-'");
    }

    @Test
    void descriptionIsOneNonBlankLine() {
        PluginRules.descriptionIsOneNonBlankLine(dataset());
    }

    @Test
    void parametersAreWellFormed() {
        PluginRules.parametersAreWellFormed(dataset());
    }

    @Test
    void acceptsItsSource() {
        assertThat(dataset().accepts(source()))
                .as("%s accepts %s", dataset().id(), source())
                .isTrue();
    }

    @Test
    void refusesSourcesOfOtherSchemes() {
        BaseDataset dataset = dataset();
        for (DatasetSource other : refusedSources()) {
            assertThat(dataset.accepts(other))
                    .as("%s accepts %s", dataset.id(), other)
                    .isFalse();
        }
    }

    @Test
    void readsTheExpectedRowsInOrder() {
        assertThat(canonical(readAll(source())))
                .as("rows %s reads from %s", dataset().id(), source())
                .isEqualTo(canonical(expectedRows()));
    }

    @Test
    void readsTheSameRowsInTheSameOrderWhenOpenedTwice() {
        List<Map<String, Object>> first = readAll(source());
        assertThat(canonical(readAll(source())))
                .as("rows %s reads from %s the second time", dataset().id(), source())
                .isEqualTo(canonical(first));
    }

    @Test
    void locationNamesTheSourceAfterEveryRow() {
        BaseDataset dataset = dataset();
        DatasetSource source = source();
        if (expectedRows().isEmpty()) {
            PluginRules.skip("source() has no rows: give a source with rows to test that " + dataset.id()
                    + "'s location() names it");
        }
        String name = nameOf(source);
        try (RowReader reader = open(source)) {
            int read = 0;
            for (Optional<Map<String, Object>> row = next(reader); row.isPresent(); row = next(reader)) {
                read++;
                assertThat(reader.location())
                        .as(
                                "location() of %s after row %d of %s (override nameOf to name it otherwise)",
                                dataset.id(), read, source)
                        .isNotBlank()
                        .contains(name);
            }
            assertThat(read)
                    .as("rows read from %s", source)
                    .isEqualTo(expectedRows().size());
        }
    }

    @Test
    void closeCanBeCalledTwice() {
        BaseDataset dataset = dataset();
        RowReader read = open(source());
        next(read);
        assertThatCode(() -> {
                    read.close();
                    read.close();
                })
                .as("closing a reader of %s twice after reading a row", dataset.id())
                .doesNotThrowAnyException();
        RowReader unread = open(source());
        assertThatCode(() -> {
                    unread.close();
                    unread.close();
                })
                .as("closing a reader of %s twice without reading", dataset.id())
                .doesNotThrowAnyException();
    }

    @Test
    void aMissingSourceFailsWithADatasetLoadExceptionNamingIt() {
        BaseDataset dataset = dataset();
        DatasetSource missing = missingSource()
                .orElseGet(() -> PluginRules.skip("missingSource() gives none: override it with a source of the kind "
                        + dataset.id() + " reads that does not exist, to test that reading it fails with a"
                        + " DatasetLoadException naming it"));
        assertThat(dataset.accepts(missing))
                .as("%s accepts %s", dataset.id(), missing)
                .isTrue();
        assertThatThrownBy(() -> {
                    try (RowReader reader = dataset.open(missing, kitContext())) {
                        reader.next();
                    }
                })
                .as("what %s throws for the missing %s", dataset.id(), missing)
                .isInstanceOf(DatasetLoadException.class)
                .hasMessageContaining(nameOf(missing));
    }

    private RowReader open(DatasetSource source) {
        RowReader reader;
        try {
            reader = dataset().open(source, kitContext());
        } catch (RuntimeException e) {
            throw new AssertionError(dataset().id() + " threw " + e + " opening " + source, e);
        }
        assertThat(reader).as("reader of %s", source).isNotNull();
        return reader;
    }

    private Optional<Map<String, Object>> next(RowReader reader) {
        Optional<Map<String, Object>> row;
        try {
            row = reader.next();
        } catch (RuntimeException e) {
            throw new AssertionError(dataset().id() + " threw " + e + " reading a row", e);
        }
        assertThat(row)
                .as("next() of %s (empty at the end, never null)", dataset().id())
                .isNotNull();
        return row;
    }

    private List<Map<String, Object>> readAll(DatasetSource source) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (RowReader reader = open(source)) {
            for (Optional<Map<String, Object>> row = next(reader); row.isPresent(); row = next(reader)) {
                rows.add(row.get());
            }
            assertThat(next(reader))
                    .as("next() of %s after the last row of %s", dataset().id(), source)
                    .isEmpty();
        }
        return rows;
    }

    /** Rows as JSON values: maps with sorted keys, numbers as {@code BigDecimal}s without trailing zeros. */
    private static List<Object> canonical(List<? extends Map<String, ?>> rows) {
        List<Object> out = new ArrayList<>();
        for (Map<String, ?> row : rows) {
            out.add(canonicalValue(row));
        }
        return out;
    }

    private static @Nullable Object canonicalValue(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, @Nullable Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonicalValue(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            List<@Nullable Object> out = new ArrayList<>();
            for (Object v : list) {
                out.add(canonicalValue(v));
            }
            return out;
        }
        if (value instanceof Number n
                && (!(n instanceof Double || n instanceof Float) || Double.isFinite(n.doubleValue()))) {
            BigDecimal exact = n instanceof BigDecimal b
                    ? b
                    : n instanceof Double || n instanceof Float
                            ? new BigDecimal(Double.toString(n.doubleValue()))
                            : new BigDecimal(n.toString());
            return exact.stripTrailingZeros();
        }
        return value;
    }

    private static int indexOfAny(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
