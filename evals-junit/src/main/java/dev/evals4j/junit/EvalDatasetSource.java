package dev.evals4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Datasets as the source of a {@code @ParameterizedTest}: one invocation per row of each dataset, or, when the test
 * takes a {@link dev.evals4j.api.DatasetDefinition}, one per dataset. A row is given as a
 * {@code Map<String, Object>} or as a {@link dev.evals4j.api.DatasetSample} (its index and columns).
 *
 * <pre>{@code
 * @ParameterizedTest
 * @EvalDatasetSource("src/test/resources/capitals.csv")
 * void answersEachCapital(Map<String, Object> row) {
 *     assertThat(app.answer((String) row.get("input_query"))).isEqualTo(row.get("expected_answer"));
 * }
 * }</pre>
 *
 * <p>Paths, {@code http(s)} URLs and {@code data:} URLs are read with the plugins on the class path (also
 * {@code hf://} with evals-hf), in CSV, JSON or JSON Lines.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(DatasetArgumentsProvider.class)
public @interface EvalDatasetSource {
    /** The datasets: paths or URLs. */
    String[] value();

    /** The format when the names do not tell: {@code csv}, {@code json} or {@code jsonl}. */
    String format() default "";

    /** At most this many rows of each dataset; all when not positive. */
    int limit() default 0;
}
