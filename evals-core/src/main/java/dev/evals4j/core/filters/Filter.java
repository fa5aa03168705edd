package dev.evals4j.core.filters;

import java.util.List;

/**
 * One step of answer extraction: takes the responses for one sample (one per repeated generation) and returns
 * the filtered responses. A step that maps each response keeps the list's length; a reducing step such as
 * take-first or majority vote returns one response. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface Filter {
    /** Filters the responses of one sample; neither the list nor its elements are null. */
    List<String> apply(List<String> responses);
}
