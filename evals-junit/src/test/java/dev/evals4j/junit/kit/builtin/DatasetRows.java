package dev.evals4j.junit.kit.builtin;

import java.util.List;
import java.util.Map;

/** The rows the built-in dataset plugins' kit tests read, in each format, with non-ASCII text, a list and a number. */
final class DatasetRows {
    private DatasetRows() {}

    /** The rows of {@link #JSONL} and {@link #JSON}. */
    static final List<Map<String, Object>> ROWS = List.of(
            Map.of("input_query", "What is the capital of France?", "expected_answer", "Paris", "difficulty", 1),
            Map.of("input_query", "東京はどこ？", "expected_answer", List.of("日本", "Japan"), "difficulty", 2),
            Map.of("input_query", "Naïve café — 2 + 2?", "expected_answer", "4", "difficulty", 3));

    static final String JSONL =
            """
            {"input_query": "What is the capital of France?", "expected_answer": "Paris", "difficulty": 1}
            {"input_query": "東京はどこ？", "expected_answer": ["日本", "Japan"], "difficulty": 2}
            {"input_query": "Naïve café — 2 + 2?", "expected_answer": "4", "difficulty": 3}
            """;

    static final String JSON =
            """
            [
              {"input_query": "What is the capital of France?", "expected_answer": "Paris", "difficulty": 1},
              {"input_query": "東京はどこ？", "expected_answer": ["日本", "Japan"], "difficulty": 2},
              {"input_query": "Naïve café — 2 + 2?", "expected_answer": "4", "difficulty": 3}
            ]
            """;

    /** A CSV's cells are text; a cell holding a JSON list is read as the list. */
    static final List<Map<String, Object>> CSV_ROWS = List.of(
            Map.of("input_query", "What is the capital of France?", "expected_answer", "Paris", "difficulty", "1"),
            Map.of("input_query", "東京はどこ？", "expected_answer", List.of("日本", "Japan"), "difficulty", "2"),
            Map.of("input_query", "Naïve café, 2 + 2?", "expected_answer", "4", "difficulty", "3"));

    static final String CSV =
            """
            input_query,expected_answer,difficulty
            What is the capital of France?,Paris,1
            東京はどこ？,"[""日本"", ""Japan""]",2
            "Naïve café, 2 + 2?",4,3
            """;
}
