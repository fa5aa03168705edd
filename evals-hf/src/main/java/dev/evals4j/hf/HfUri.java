package dev.evals4j.hf;

import dev.evals4j.api.ConfigurationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A split of a Hugging Face Hub dataset, named by a URI: {@code hf://datasets/{owner}/{name}} with the query
 * parameters {@code config} (also {@code name}, as Llama Stack and {@code datasets.load_dataset} call it, or
 * {@code subset}), {@code split} and {@code revision}; or Llama Stack's
 * {@code huggingface://datasets/{owner}/{name}?split=…&name=…}. A revision can also follow the name after an
 * {@code @}, as in {@code hf://datasets/owner/name@v1.0}.
 *
 * @param repo the dataset's id on the Hub, such as {@code TIGER-Lab/MMLU-Pro}
 * @param config the configuration (subset), when given
 * @param split the split, such as {@code test}, when given
 * @param revision a branch, tag or commit, when given; otherwise {@code main}
 */
public record HfUri(String repo, Optional<String> config, Optional<String> split, Optional<String> revision) {
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");
    private static final String FORM = "hf://datasets/{owner}/{name}[?config=…&split=…&revision=…]";

    public HfUri {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(revision, "revision");
        if (!REPO.matcher(repo).matches() || repo.contains("..")) {
            throw new IllegalArgumentException("a Hub dataset id has the form owner/name, was '" + repo + "'");
        }
    }

    /** A split of a dataset with the default config and the main branch. */
    public static HfUri of(String repo, String split) {
        return new HfUri(repo, Optional.empty(), Optional.of(split), Optional.empty());
    }

    /** Whether a URI's scheme is one this class reads: {@code hf} or {@code huggingface}. */
    public static boolean isHubUri(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        return lower.startsWith("hf://") || lower.startsWith("huggingface://");
    }

    /**
     * Parses a URI.
     *
     * @throws ConfigurationException when it is not a Hub dataset URI, or has an unknown or contradictory parameter;
     *     the message shows the accepted form
     */
    public static HfUri parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (!isHubUri(uri)) {
            throw new ConfigurationException("'" + uri + "' is not a Hub dataset URI; the form is " + FORM);
        }
        String rest = uri.substring(uri.indexOf("://") + 3);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        int q = rest.indexOf('?');
        String path = q >= 0 ? rest.substring(0, q) : rest;
        String query = q >= 0 ? rest.substring(q + 1) : "";
        if (!path.startsWith("datasets/")) {
            throw new ConfigurationException("'" + uri + "' does not name a dataset; the form is " + FORM
                    + " (models and spaces are not datasets)");
        }
        path = path.substring("datasets/".length());
        Optional<String> pathRevision = Optional.empty();
        int at = path.indexOf('@');
        if (at >= 0) {
            pathRevision = Optional.of(decode(path.substring(at + 1), uri));
            path = path.substring(0, at);
        }
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!REPO.matcher(path).matches() || path.contains("..")) {
            throw new ConfigurationException(
                    "'" + uri + "' does not name a dataset as owner/name; the form is " + FORM);
        }
        Map<String, String> params = parseQuery(query, uri);
        Optional<String> config = Optional.empty();
        for (String key : new String[] {"config", "name", "subset"}) {
            String value = params.get(key);
            if (value != null) {
                if (config.isPresent() && !config.get().equals(value)) {
                    throw new ConfigurationException("'" + uri + "' gives two configs, '" + config.get() + "' and '"
                            + value + "'; config, name and subset are the same parameter");
                }
                config = Optional.of(value);
            }
        }
        Optional<String> revision = Optional.ofNullable(params.get("revision"));
        if (revision.isPresent() && pathRevision.isPresent() && !revision.equals(pathRevision)) {
            throw new ConfigurationException(
                    "'" + uri + "' gives two revisions, '" + pathRevision.get() + "' and '" + revision.get() + "'");
        }
        return new HfUri(
                path, config, Optional.ofNullable(params.get("split")), revision.isPresent() ? revision : pathRevision);
    }

    private static Map<String, String> parseQuery(String query, String uri) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq >= 0 ? pair.substring(0, eq) : pair, uri);
            String value = eq >= 0 ? decode(pair.substring(eq + 1), uri) : "";
            if (!(key.equals("config")
                    || key.equals("name")
                    || key.equals("subset")
                    || key.equals("split")
                    || key.equals("revision"))) {
                throw new ConfigurationException("unknown parameter '" + key + "' in '" + uri
                        + "'; accepted: config (or name, or subset), split, revision");
            }
            if (value.isBlank()) {
                throw new ConfigurationException("the parameter '" + key + "' in '" + uri + "' has no value");
            }
            String previous = params.put(key, value);
            if (previous != null && !previous.equals(value)) {
                throw new ConfigurationException("'" + uri + "' gives the parameter '" + key + "' twice, '" + previous
                        + "' and '" + value + "'");
            }
        }
        return params;
    }

    private static String decode(String text, String uri) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("'" + uri + "' has a malformed escape in '" + text + "'");
        }
    }

    /** The same split at another revision. */
    public HfUri withRevision(String newRevision) {
        return new HfUri(repo, config, split, Optional.of(newRevision));
    }

    /** The URI in its canonical {@code hf://} form. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("hf://datasets/").append(repo);
        String sep = "?";
        if (config.isPresent()) {
            sb.append(sep).append("config=").append(config.get());
            sep = "&";
        }
        if (split.isPresent()) {
            sb.append(sep).append("split=").append(split.get());
            sep = "&";
        }
        if (revision.isPresent()) {
            sb.append(sep).append("revision=").append(revision.get());
        }
        return sb.toString();
    }
}
