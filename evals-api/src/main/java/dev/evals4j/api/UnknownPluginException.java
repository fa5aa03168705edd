package dev.evals4j.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A plugin id that no registered or discovered plugin has; the message lists the ids that are known. */
public final class UnknownPluginException extends ConfigurationException {
    private final String kind;
    private final String id;
    private final List<String> knownIds;

    public UnknownPluginException(String kind, String id, List<String> knownIds, @Nullable String hint) {
        super(message(kind, id, knownIds, hint));
        this.kind = Objects.requireNonNull(kind, "kind");
        this.id = Objects.requireNonNull(id, "id");
        this.knownIds = List.copyOf(knownIds);
    }

    private static String message(String kind, String id, List<String> knownIds, String hint) {
        StringBuilder sb = new StringBuilder("unknown ")
                .append(kind)
                .append(" id '")
                .append(id)
                .append("'");
        if (hint != null && !hint.isEmpty()) {
            sb.append(": ").append(hint);
        }
        sb.append(knownIds.isEmpty() ? "; no " + kind + " is known" : "; known ids: " + String.join(", ", knownIds));
        return sb.toString();
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
}
