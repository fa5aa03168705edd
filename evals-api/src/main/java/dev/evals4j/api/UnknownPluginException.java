package dev.evals4j.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A plugin id that no registered or discovered plugin has; the message lists the ids that are known. */
public final class UnknownPluginException extends ConfigurationException {
    private final String kind;
    private final String id;
    private final List<String> knownIds;
    private final List<String> suggestions;

    public UnknownPluginException(String kind, String id, List<String> knownIds, @Nullable String hint) {
        this(kind, id, knownIds, List.of(), hint);
    }

    /**
     * An unknown id, with the known ids nearest to it.
     *
     * @param suggestions known ids that the caller may have meant, nearest first (the message asks "did you mean
     *     …?"); empty when none is near
     * @param hint what to do, such as the module to add; null for none
     */
    public UnknownPluginException(
            String kind, String id, List<String> knownIds, List<String> suggestions, @Nullable String hint) {
        super(message(kind, id, knownIds, suggestions, hint));
        this.kind = Objects.requireNonNull(kind, "kind");
        this.id = Objects.requireNonNull(id, "id");
        this.knownIds = List.copyOf(knownIds);
        this.suggestions = List.copyOf(suggestions);
    }

    private static String message(
            String kind, String id, List<String> knownIds, List<String> suggestions, @Nullable String hint) {
        StringBuilder sb = new StringBuilder("unknown ")
                .append(kind)
                .append(" id '")
                .append(id)
                .append("'");
        if (hint != null && !hint.isEmpty()) {
            sb.append(": ").append(hint);
        }
        if (knownIds.isEmpty()) {
            return sb.append("; no ").append(kind).append(" is known").toString();
        }
        if (suggestions.isEmpty()) {
            return sb.append("; known ids: ")
                    .append(String.join(", ", knownIds))
                    .toString();
        }
        String last = suggestions.get(suggestions.size() - 1);
        String meant = suggestions.size() == 1
                ? last
                : String.join(", ", suggestions.subList(0, suggestions.size() - 1)) + " or " + last;
        return sb.append("; did you mean ")
                .append(meant)
                .append("? Known ids: ")
                .append(String.join(", ", knownIds))
                .toString();
    }

    /** The kind of plugin that was asked for, such as {@code scorer}. */
    public String kind() {
        return kind;
    }

    /** The id that was asked for. */
    public String id() {
        return id;
    }

    /** The ids of that kind that are known, sorted. */
    public List<String> knownIds() {
        return knownIds;
    }

    /** The known ids nearest to {@link #id()}, nearest first; empty when none is near. */
    public List<String> suggestions() {
        return suggestions;
    }
}
