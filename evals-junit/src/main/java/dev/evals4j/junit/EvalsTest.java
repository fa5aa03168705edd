package dev.evals4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class (or method) with {@link EvalsExtension}: each test can take an {@link dev.evals4j.core.Evals}
 * parameter whose runs are kept under {@code target/evals/<test class>/<test>/}, and a {@code @EvalsDir Path}
 * parameter naming that folder.
 *
 * <pre>{@code
 * @EvalsTest
 * class CapitalsEvalTest {
 *     @Test
 *     void answersMostCapitals(Evals evals) {
 *         EvalResult result = evals.score("src/test/resources/capitals.csv", "basic::equality");
 *         assertThat(result).scorer("basic::equality").accuracy().isAtLeast(0.5);
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(EvalsExtension.class)
public @interface EvalsTest {}
