package dev.evals4j.junit.kit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * One run of a kit class through the JUnit Platform Launcher, as a build runs it: which cases passed, failed, and
 * were skipped (aborted by an assumption, which Maven reports as skipped) with their reasons, by method name.
 */
record KitRun(Set<String> passed, Map<String, Throwable> failed, Map<String, String> skipped) {

    static KitRun of(Class<?> kitClass) {
        Set<String> passed = new TreeSet<>();
        Map<String, Throwable> failed = new TreeMap<>();
        Map<String, String> skipped = new TreeMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                name(test).ifPresent(n -> skipped.put(n, reason));
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                name(test).ifPresent(n -> {
                    switch (result.getStatus()) {
                        case SUCCESSFUL -> passed.add(n);
                        case ABORTED -> skipped.put(
                                n,
                                result.getThrowable().map(Throwable::getMessage).orElse(""));
                        case FAILED -> failed.put(n, result.getThrowable().orElseThrow());
                    }
                });
            }
        };
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(kitClass))
                .configurationParameter(OnlyThroughKitRun.PARAMETER, "true")
                .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listener);
        return new KitRun(passed, failed, skipped);
    }

    private static java.util.Optional<String> name(TestIdentifier test) {
        return test.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName());
    }

    /** How many cases ran to an end, whatever it was. */
    int total() {
        return passed.size() + failed.size() + skipped.size();
    }
}
