package dev.evals4j.junit.server;

import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.datasets.FileDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Answers from a dataset: a request is answered with the answer column of the row whose question column is the
 * request's {@link FakeRequest#userText()} (the last user message, or the prompt). A chosen share of the rows is
 * answered wrong (with another row's answer), so that an eval against the fake server does not score 1.0.
 *
 * <p>A question matches when it equals the text with whitespace runs folded and ends stripped; else when it equals
 * it ignoring case; else the longest question that the text contains is used, so that a prompt template around the
 * question ({@code "Question: {input_query}\nAnswer:"}) still finds it. An answer cell that holds a list (a CSV
 * {@code expected_answer} of {@code ["Bern", "Berne"]}) is answered with its first element. Immutable and
 * thread-safe.
 */
public final class DatasetAnswers implements Responder {
    /** The question column unless another is given: Llama Stack's and evals4j's {@code input_query}. */
    public static final String DEFAULT_QUESTION_COLUMN = "input_query";

    /** The answer column unless another is given: {@code expected_answer}. */
    public static final String DEFAULT_ANSWER_COLUMN = "expected_answer";

    /** A wrong answer when no other row's answer differs from the right one. */
    static final String NO_OTHER_ANSWER = "I don't know.";

    private final String source;
    private final String questionColumn;
    private final String answerColumn;
    private final double wrongShare;
    private final long seed;
    private final Map<String, String> exact;
    private final Map<String, String> folded;
    private final List<String> byLength;
    private final int rows;
    private final List<String> wrongQuestions;

    private DatasetAnswers(Builder b, List<Map<String, Object>> data, String source) {
        this.source = source;
        this.questionColumn = b.questionColumn;
        this.answerColumn = b.answerColumn;
        this.wrongShare = b.wrongShare;
        this.seed = b.seed;
        this.rows = data.size();
        List<String> questions = new ArrayList<>(rows);
        List<String> answers = new ArrayList<>(rows);
        List<List<String>> accepted = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            Map<String, Object> row = data.get(i);
            if (i == 0) {
                requireColumns(row);
            }
            questions.add(normalize(cell(row, questionColumn, i)));
            Object answer = row.get(answerColumn);
            if (answer == null) {
                throw new DatasetLoadException(
                        source + " row " + (i + 1) + ": no value in the answer column '" + answerColumn + "'");
            }
            accepted.add(texts(answer));
            answers.add(accepted.get(i).isEmpty() ? "" : accepted.get(i).get(0));
        }
        // which rows are answered wrong: the first round(share * rows) of a shuffle drawn with the seed
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int wrong = (int) Math.round(wrongShare * rows);
        boolean[] isWrong = new boolean[rows];
        for (int i = 0; i < wrong; i++) {
            isWrong[order.get(i)] = true;
        }
        Map<String, String> exactMap = new LinkedHashMap<>();
        Map<String, String> foldedMap = new HashMap<>();
        List<String> wrongList = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String answer = isWrong[i] ? wrongAnswer(i, answers, accepted) : answers.get(i);
            if (exactMap.putIfAbsent(questions.get(i), answer) == null && isWrong[i]) {
                wrongList.add(questions.get(i));
            }
            foldedMap.putIfAbsent(questions.get(i).toLowerCase(Locale.ROOT), answer);
        }
        this.exact = Collections.unmodifiableMap(exactMap);
        this.folded = Collections.unmodifiableMap(foldedMap);
        List<String> sorted = new ArrayList<>(exactMap.keySet());
        sorted.removeIf(String::isEmpty);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.byLength = List.copyOf(sorted);
        this.wrongQuestions = List.copyOf(wrongList);
    }

    /** Answers from a CSV, JSON or JSONL file (also {@code .gz}) with the default columns, none wrong. */
    public static DatasetAnswers fromFile(Path file) {
        return builder().file(file).build();
    }

    /** Answers from rows with the default columns, none wrong. */
    public static DatasetAnswers fromRows(List<? extends Map<String, ?>> rows) {
        return builder().rows(rows).build();
    }

    /** A builder: a file or rows are required; the columns default to {@code input_query} and {@code expected_answer}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The answer to a text, as a request with this {@link FakeRequest#userText()} gets it. */
    public Optional<String> answerFor(String text) {
        String key = normalize(text);
        String answer = exact.get(key);
        if (answer == null) {
            answer = folded.get(key.toLowerCase(Locale.ROOT));
        }
        if (answer == null) {
            for (String question : byLength) {
                if (key.contains(question)) {
                    answer = exact.get(question);
                    break;
                }
            }
        }
        return Optional.ofNullable(answer);
    }

    @Override
    public Optional<Reply> reply(FakeRequest request) {
        return answerFor(request.userText()).map(Reply::answer);
    }

    /** How many rows were read. */
    public int rows() {
        return rows;
    }

    /** The questions answered wrong, whitespace folded, in the dataset's order. */
    public List<String> wrongQuestions() {
        return wrongQuestions;
    }

    /** Where the rows came from: the file, or {@code inline rows}. */
    public String source() {
        return source;
    }

    /** One line for people: {@code capitals.csv: 12 rows, input_query → expected_answer, 3 answered wrong (seed 0)}. */
    public String describe() {
        return source + ": " + rows + " rows, " + questionColumn + " → " + answerColumn
                + (wrongShare > 0 ? ", " + wrongQuestions.size() + " answered wrong (seed " + seed + ")" : "");
    }

    @Override
    public String toString() {
        return "DatasetAnswers[" + describe() + "]";
    }

    private void requireColumns(Map<String, Object> row) {
        List<String> missing = new ArrayList<>();
        if (!row.containsKey(questionColumn)) {
            missing.add("'" + questionColumn + "' (the question column)");
        }
        if (!row.containsKey(answerColumn)) {
            missing.add("'" + answerColumn + "' (the answer column)");
        }
        if (!missing.isEmpty()) {
            throw new DatasetLoadException("the dataset " + source + " has no column "
                    + String.join(" and no column ", missing) + "; its columns: " + String.join(", ", row.keySet()));
        }
    }

    private String cell(Map<String, Object> row, String column, int index) {
        Object value = row.get(column);
        if (value == null) {
            throw new DatasetLoadException(
                    source + " row " + (index + 1) + ": no value in the question column '" + column + "'");
        }
        return value instanceof String s ? s : JsonValues.toJson(value);
    }

    /** A cell as the answers it accepts: a list's elements, or the value itself. */
    private static List<String> texts(Object value) {
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object item : list) {
                if (item != null) {
                    out.add(item instanceof String s ? s : JsonValues.toJson(item));
                }
            }
            return out;
        }
        return List.of(value instanceof String s ? s : JsonValues.toJson(value));
    }

    /** Another row's answer, the next one in the dataset that this row does not accept. */
    private static String wrongAnswer(int row, List<String> answers, List<List<String>> accepted) {
        for (int step = 1; step < answers.size(); step++) {
            String candidate = answers.get((row + step) % answers.size());
            boolean acceptable =
                    accepted.get(row).stream().anyMatch(a -> a.strip().equalsIgnoreCase(candidate.strip()));
            if (!acceptable && !candidate.isBlank()) {
                return candidate;
            }
        }
        return NO_OTHER_ANSWER;
    }

    static String normalize(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    /** Configures {@link DatasetAnswers}; not thread-safe. */
    public static final class Builder {
        private @Nullable Path file;
        private @Nullable List<Map<String, Object>> rows;
        private String questionColumn = DEFAULT_QUESTION_COLUMN;
        private String answerColumn = DEFAULT_ANSWER_COLUMN;
        private double wrongShare;
        private long seed;

        private Builder() {}

        /** Read the rows from a CSV, JSON or JSONL file (also {@code .gz}), as the {@code file} dataset source does. */
        public Builder file(Path value) {
            this.file = Objects.requireNonNull(value, "value");
            this.rows = null;
            return this;
        }

        /** Take these rows. */
        public Builder rows(List<? extends Map<String, ?>> value) {
            Objects.requireNonNull(value, "value");
            this.rows = value.stream().map(JsonValues::copyRow).toList();
            this.file = null;
            return this;
        }

        /** The column the request's text is matched against; default {@code input_query}. */
        public Builder questionColumn(String value) {
            this.questionColumn = requireName(value, "questionColumn");
            return this;
        }

        /** The column the answer is taken from; default {@code expected_answer}. */
        public Builder answerColumn(String value) {
            this.answerColumn = requireName(value, "answerColumn");
            return this;
        }

        /** The share of rows answered wrong, from 0 (default) to 1: {@code round(share × rows)} rows. */
        public Builder wrongShare(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("wrongShare must be from 0 to 1, was " + value);
            }
            this.wrongShare = value;
            return this;
        }

        /** The seed that draws which rows are answered wrong; default 0. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Reads the rows and builds the answers.
         *
         * @throws DatasetLoadException when the file cannot be read, or a column is missing (the message names the
         *     columns there are)
         * @throws IllegalStateException when neither a file nor rows were given
         */
        public DatasetAnswers build() {
            if (file != null) {
                List<Map<String, Object>> read = new ArrayList<>();
                try (RowReader reader =
                        new FileDataset().open(new DatasetSource.Uri(file.toString(), Optional.empty()))) {
                    for (Optional<Map<String, Object>> row = reader.next(); row.isPresent(); row = reader.next()) {
                        read.add(row.get());
                    }
                }
                return new DatasetAnswers(this, read, file.toString());
            }
            if (rows != null) {
                return new DatasetAnswers(this, rows, "inline rows");
            }
            throw new IllegalStateException("DatasetAnswers needs a file or rows: call file(path) or rows(list)");
        }

        private static String requireName(String value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return value;
        }
    }
}
