package dev.evals4j.junit.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.Plugin;
import dev.evals4j.api.spi.PluginContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/** The rules every kind of plugin follows, and the kits' shared steps: one place, so the four kits agree. */
final class PluginRules {
    /** A plugin id other than a scorer's: lower case letters, digits, '.', '_', '-'. */
    static final Pattern PLUGIN_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    static final Pattern PARAMETER_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** How many threads share one instance in the thread-safety cases. */
    static final int THREADS = 8;

    private PluginRules() {}

    /** Reports the case as skipped, with the reason, instead of letting it pass; never returns. */
    static <V> V skip(String reason) {
        return Assumptions.abort(reason);
    }

    static void idMatches(Plugin plugin, Pattern form, String formDescription) {
        assertThat(plugin.id())
                .as("id of %s (%s)", plugin.getClass().getName(), formDescription)
                .matches(form);
    }

    static void descriptionIsOneNonBlankLine(Plugin plugin) {
        String description = plugin.description();
        assertThat(description)
                .as("description of %s", plugin.id())
                .isNotBlank()
                .doesNotContain("\n")
                .doesNotContain("\r");
        assertThat(description.length())
                .as("description length of %s", plugin.id())
                .isLessThanOrEqualTo(200);
    }

    static void parametersAreWellFormed(Plugin plugin) {
        Set<String> names = new HashSet<>();
        for (Parameter p : plugin.parameters()) {
            assertThat(p.name())
                    .as("name of a parameter of %s (snake_case)", plugin.id())
                    .matches(PARAMETER_NAME);
            assertThat(names.add(p.name()))
                    .as("parameter %s of %s declared once", p.name(), plugin.id())
                    .isTrue();
            assertThat(p.description())
                    .as("description of parameter %s of %s", p.name(), plugin.id())
                    .isNotBlank();
        }
    }

    static void unknownParameterIsRejectedWithItsName(Plugin plugin) {
        assertThatThrownBy(() -> Params.resolve(plugin.id(), plugin.parameters(), Map.of("no_such_parameter", 1)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("unknown parameter 'no_such_parameter' for " + plugin.id() + "; ");
    }

    /** The names of a plugin's parameters, as a message lists them: {@code a, b}. */
    static String parameterNames(Plugin plugin) {
        List<String> names = new ArrayList<>();
        for (Parameter p : plugin.parameters()) {
            names.add(p.name());
        }
        return String.join(", ", names);
    }

    /**
     * Skips the configure case when the kit has nothing to configure the plugin with, saying why: the plugin
     * declares no parameters, or the test gives none.
     */
    static void requireConfiguredParameters(Plugin plugin, Map<String, Object> given) {
        if (plugin.parameters().isEmpty()) {
            skip(plugin.id() + " declares no parameters: there is nothing to configure");
        }
        if (given.isEmpty()) {
            skip(plugin.id() + " declares parameters (" + parameterNames(plugin)
                    + ") but configuredParameters() gives none: override it to test configure");
        }
    }

    /** The parameters checked as the registry checks them, or a failure that says what the test gave. */
    static Params resolve(Plugin plugin, Map<String, ? extends @Nullable Object> given) {
        try {
            return Params.resolve(plugin.id(), plugin.parameters(), given);
        } catch (ConfigurationException e) {
            throw new AssertionError(
                    "the kit cannot configure " + plugin.id() + " with configuredParameters() " + given + ": "
                            + e.getMessage() + "; override configuredParameters() to give what it needs",
                    e);
        }
    }

    /**
     * The plugin configured with the parameters the test gives, or a failure that names them and says what to
     * override when the plugin refuses them.
     */
    static <T> T configureOrFail(Plugin plugin, Map<String, Object> given, Function<Params, T> configure) {
        Params params = resolve(plugin, given);
        try {
            return Objects.requireNonNull(configure.apply(params), "configure returned null");
        } catch (ConfigurationException e) {
            throw new AssertionError(
                    plugin.id() + " refused configuredParameters() " + given + ": " + e.getMessage()
                            + "; override configuredParameters() to give what it needs",
                    e);
        }
    }

    /** Closes a configured plugin the kit made, when it is closeable. */
    static void closeIfCloseable(Object plugin) throws Exception {
        if (plugin instanceof AutoCloseable c) {
            c.close();
        }
    }

    /** Closes a context the kit owns: a {@link KitContext}; another is its test's to close. */
    static void closeIfKitContext(@Nullable PluginContext context) {
        if (context instanceof KitContext kit) {
            kit.close();
        }
    }

    /**
     * Runs {@code task} on {@link #THREADS} threads that start together, and returns each thread's result in thread
     * order; a task's exception fails the case with the thread's number.
     */
    static <T> List<T> onThreads(IntFunction<Callable<T>> task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Callable<T> body = task.apply(t);
                futures.add(pool.submit(() -> {
                    start.await();
                    return body.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                try {
                    results.add(futures.get(t).get(10, TimeUnit.MINUTES));
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof AssertionError a) {
                        throw a;
                    }
                    throw new AssertionError("thread " + t + " of " + THREADS + " failed: " + cause, cause);
                } catch (TimeoutException e) {
                    throw new AssertionError("thread " + t + " of " + THREADS + " did not finish in 10 minutes", e);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
