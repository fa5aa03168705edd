package dev.evals4j.api.spi;

import java.util.List;

/** What every plugin has: a stable id, a one-line description, and the parameters it accepts. */
public interface Plugin {

    /**
     * The stable id users select the plugin by. Scorers use the {@code family::name} form, such as
     * {@code basic::equality}.
     */
    String id();

    /** One line that says what the plugin does, shown by {@code evals list}. */
    String description();

    /** The parameters this plugin accepts; anything else is rejected when it is configured. */
    default List<Parameter> parameters() {
        return List.of();
    }
}
