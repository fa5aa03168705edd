package dev.evals4j.junit.kit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables a self-test's kit class (a kit over a deliberately broken plugin, say) unless {@link KitRun} runs it: a
 * build that selects it by name reports it disabled instead of failing on the breakage it exists to show.
 */
final class OnlyThroughKitRun implements ExecutionCondition {
    /** The configuration parameter {@link KitRun} sets. */
    static final String PARAMETER = "dev.evals4j.junit.kit.self-test";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(PARAMETER)
                        .map(Boolean::parseBoolean)
                        .orElse(false)
                ? ConditionEvaluationResult.enabled("run by a kit self-test")
                : ConditionEvaluationResult.disabled("a kit self-test's fixture, run only through KitRun");
    }
}
