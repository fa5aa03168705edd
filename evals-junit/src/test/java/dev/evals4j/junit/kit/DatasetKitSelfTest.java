package dev.evals4j.junit.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.api.spi.RowReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the dataset kit on a well-behaved dataset plugin, with every case able to run, and shows that it catches
 * plugins that break the rules and skips, with the reason, the cases a test gives it no means to run. The kit classes
 * are run through the JUnit Platform Launcher, as a build runs them.
 */
class DatasetKitSelfTest {
    static final List<Map<String, Object>> ROWS = List.of(
            Map.of("input_query", "What is the capital of France?", "expected_answer", "Paris", "difficulty", 1),
            Map.of("input_query", "東京はどこ？", "expected_answer", List.of("日本", "Japan"), "difficulty", 2L));

    static final Map<String, List<Map<String, Object>>> TABLES = Map.of("qa", ROWS, "empty", List.of());

    @Nested
    class CatchesBrokenDatasets {
        @Test
        void aPluginThatAcceptsEverySource() {
            DatasetContractTest kit = kitFor(new TableDataset() {
                @Override
                public boolean accepts(DatasetSource source) {
                    return true;
                }
            });
            assertThatThrownBy(kit::refusesSourcesOfOtherSchemes)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("test-table accepts evals4j-kit-unknown://datasets/rows.jsonl");
        }

        @Test
        void aPluginThatLosesARow() {
            DatasetContractTest kit = kitFor(new TableDataset() {
                @Override
                List<Map<String, Object>> rows(String table) {
                    return super.rows(table).subList(0, 1);
                }
            });
            assertThatThrownBy(kit::readsTheExpectedRowsInOrder)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("rows test-table reads from table:qa");
        }

        @Test
        void aPluginThatReadsTheRowsInAnotherOrderTheSecondTime() {
            AtomicInteger opened = new AtomicInteger();
            DatasetContractTest kit = kitFor(new TableDataset() {
                @Override
                List<Map<String, Object>> rows(String table) {
                    List<Map<String, Object>> rows = new ArrayList<>(super.rows(table));
                    if (opened.incrementAndGet() % 2 == 0) {
                        Collections.reverse(rows);
                    }
                    return rows;
                }
            });
            assertThatThrownBy(kit::readsTheSameRowsInTheSameOrderWhenOpenedTwice)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the second time");
        }

        @Test
        void aReaderThatFailsWhenAskedPastTheEnd() {
            DatasetContractTest kit = kitFor(new TableDataset() {
                @Override
                RowReader reader(String table, Iterator<Map<String, Object>> rows) {
                    RowReader reader = super.reader(table, rows);
                    return new Delegating(reader) {
                        private boolean ended;

                        @Override
                        public Optional<Map<String, Object>> next() {
                            if (ended) {
                                throw new IllegalStateException("the reader is at its end");
                            }
                            Optional<Map<String, Object>> row = reader.next();
                            ended = row.isEmpty();
                            return row;
                        }
                    };
                }
            });
            assertThatThrownBy(kit::readsTheExpectedRowsInOrder)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("test-table threw java.lang.IllegalStateException: the reader is at its end");
        }

        @Test
        void aLocationThatDoesNotNameTheSource() {
            DatasetContractTest kit = kitFor(new TableDataset() {
                @Override
                RowReader reader(String table, Iterator<Map<String, Object>> rows) {
                    RowReader reader = super.reader(table, rows);
                    return new Delegating(reader) {
                        @Override
                        public String location() {
                            return "row "
                                    + reader.location()
                                            .substring(reader.location().lastIndexOf(' ') + 1);
                        }
                    };
                }
            });
            assertThatThrownBy(kit::locationNamesTheSourceAfterEveryRow)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("location() of test-table after row 1 of table:qa");
        }

        @Test
        void aReaderThatCannotBeClosedTwice() {
            DatasetContractTest kit = kitFor(new TableDataset() {
                @Override
                RowReader reader(String table, Iterator<Map<String, Object>> rows) {
                    RowReader reader = super.reader(table, rows);
                    return new Delegating(reader) {
                        private boolean closed;

                        @Override
                        public void close() {
                            if (closed) {
                                throw new IllegalStateException("already closed");
                            }
                            closed = true;
                        }
                    };
                }
            });
            assertThatThrownBy(kit::closeCanBeCalledTwice)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("closing a reader of test-table twice after reading a row");
        }

        @Test
        void aMissingSourceThatFailsWithAnotherException() {
            DatasetContractTest kit = kitFor(new TableDataset() {
                @Override
                List<Map<String, Object>> rows(String table) {
                    List<Map<String, Object>> rows = TABLES.get(table);
                    if (rows == null) {
                        throw new IllegalArgumentException("no table " + table);
                    }
                    return rows;
                }
            });
            assertThatThrownBy(kit::aMissingSourceFailsWithADatasetLoadExceptionNamingIt)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("what test-table throws for the missing table:missing")
                    .hasMessageContaining("java.lang.IllegalArgumentException");
        }

        @Test
        void aMissingSourceThatReadsAsEmpty() {
            DatasetContractTest kit = kitFor(new TableDataset() {
                @Override
                List<Map<String, Object>> rows(String table) {
                    return TABLES.getOrDefault(table, List.of());
                }
            });
            assertThatThrownBy(kit::aMissingSourceFailsWithADatasetLoadExceptionNamingIt)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting code to raise a throwable");
        }

        private DatasetContractTest kitFor(BaseDataset dataset) {
            return new WellBehaved() {
                @Override
                protected BaseDataset dataset() {
                    return dataset;
                }
            };
        }
    }

    @Nested
    class SkipsWhatItCannotRun {
        @Test
        void everyCaseATestGivesNoMeansToRunIsSkippedWithTheReason() {
            KitRun run = KitRun.of(OfAnEmptySourceWithoutAMissingOne.class);

            assertThat(run.failed()).isEmpty();
            assertThat(run.skipped())
                    .containsOnly(
                            Map.entry(
                                    "locationNamesTheSourceAfterEveryRow",
                                    "source() has no rows: give a source with rows to test that test-table's"
                                            + " location() names it"),
                            Map.entry(
                                    "aMissingSourceFailsWithADatasetLoadExceptionNamingIt",
                                    "missingSource() gives none: override it with a source of the kind test-table"
                                            + " reads that does not exist, to test that reading it fails with a"
                                            + " DatasetLoadException naming it"));
            assertThat(run.passed()).hasSize(8);
        }

        @Test
        void aWellBehavedPluginPassesEveryCase() {
            KitRun run = KitRun.of(WellBehaved.class);

            assertThat(run.failed()).isEmpty();
            assertThat(run.skipped()).isEmpty();
            assertThat(run.passed()).hasSize(10);
        }
    }

    /** The kit as a test that gives it the means to run every case; run only through {@link KitRun}. */
    @ExtendWith(OnlyThroughKitRun.class)
    static class WellBehaved extends DatasetContractTest {
        @Override
        protected BaseDataset dataset() {
            return new TableDataset();
        }

        @Override
        protected DatasetSource source() {
            return DatasetSource.uri("table:qa");
        }

        @Override
        protected List<Map<String, Object>> expectedRows() {
            return ROWS;
        }

        @Override
        protected Optional<DatasetSource> missingSource() {
            return Optional.of(DatasetSource.uri("table:missing"));
        }

        @Override
        protected String nameOf(DatasetSource source) {
            return source.toString();
        }
    }

    /** The kit for an empty source, without a missing one; run only through {@link KitRun}. */
    @ExtendWith(OnlyThroughKitRun.class)
    static final class OfAnEmptySourceWithoutAMissingOne extends DatasetContractTest {
        @Override
        protected BaseDataset dataset() {
            return new TableDataset();
        }

        @Override
        protected DatasetSource source() {
            return DatasetSource.uri("table:empty");
        }

        @Override
        protected List<Map<String, Object>> expectedRows() {
            return List.of();
        }
    }

    /** Reads {@code table:NAME} URIs from {@link #TABLES}; a table it does not have fails naming it. */
    static class TableDataset implements BaseDataset {
        @Override
        public String id() {
            return "test-table";
        }

        @Override
        public String description() {
            return "tables held in memory, as table:NAME";
        }

        @Override
        public boolean accepts(DatasetSource source) {
            return source instanceof DatasetSource.Uri uri && uri.scheme().equals("table");
        }

        @Override
        public RowReader open(DatasetSource source) {
            String table = ((DatasetSource.Uri) source).uri().substring("table:".length());
            return reader(table, rows(table).iterator());
        }

        List<Map<String, Object>> rows(String table) {
            List<Map<String, Object>> rows = TABLES.get(table);
            if (rows == null) {
                throw new DatasetLoadException("no table table:" + table + "; the tables: " + TABLES.keySet());
            }
            return rows;
        }

        RowReader reader(String table, Iterator<Map<String, Object>> rows) {
            return new RowReader() {
                private int row;

                @Override
                public Optional<Map<String, Object>> next() {
                    if (!rows.hasNext()) {
                        return Optional.empty();
                    }
                    row++;
                    return Optional.of(rows.next());
                }

                @Override
                public String location() {
                    return "table:" + table + " row " + row;
                }

                @Override
                public void close() {}
            };
        }
    }

    /** A reader that does what another does, for a broken plugin to change one method. */
    abstract static class Delegating implements RowReader {
        private final RowReader reader;

        Delegating(RowReader reader) {
            this.reader = reader;
        }

        @Override
        public Optional<Map<String, Object>> next() {
            return reader.next();
        }

        @Override
        public String location() {
            return reader.location();
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
