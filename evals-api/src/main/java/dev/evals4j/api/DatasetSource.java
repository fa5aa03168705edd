package dev.evals4j.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Where a dataset's rows come from: a URI (a file, an http(s) or {@code data:} URL, a Hub dataset) or inline rows. */
public sealed interface DatasetSource {

    /**
     * A URI; a plain path is read as a local file. The format ({@code csv}, {@code json}, {@code jsonl}) comes from
     * the extension or the content type unless given.
     */
    record Uri(String uri, Optional<String> format) implements DatasetSource {
        public Uri {
            Objects.requireNonNull(uri, "uri");
            if (uri.isBlank()) {
                throw new IllegalArgumentException("a dataset URI must not be blank");
            }
            format = format.map(f -> f.toLowerCase(java.util.Locale.ROOT));
        }

        /** The scheme of the URI in lower case, or {@code file} for a plain path. */
        public String scheme() {
            int colon = uri.indexOf(':');
            // a Windows drive letter ("C:\…") or no scheme at all means a local path
            if (colon <= 1) {
                return "file";
            }
            String scheme = uri.substring(0, colon);
            for (int i = 0; i < scheme.length(); i++) {
                char c = scheme.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                    return "file";
                }
            }
            return scheme.toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public String toString() {
            return uri.startsWith("data:") && uri.length() > 60 ? uri.substring(0, 60) + "…" : uri;
        }
    }

    /** Rows given inline. */
    record Rows(List<Map<String, Object>> rows) implements DatasetSource {
        public Rows {
            rows = rows.stream().map(JsonValues::copyRow).toList();
        }

        @Override
        public String toString() {
            return "inline rows (" + rows.size() + ")";
        }
    }

    /** A URI with the format taken from the URI. */
    static DatasetSource uri(String uri) {
        return new Uri(uri, Optional.empty());
    }

    /** Inline rows. */
    static DatasetSource rows(List<? extends Map<String, ?>> rows) {
        return new Rows(rows.stream().map(JsonValues::copyRow).toList());
    }
}
