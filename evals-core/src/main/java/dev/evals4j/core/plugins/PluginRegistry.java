package dev.evals4j.core.plugins;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.UnknownPluginException;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.BaseTask;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.Plugin;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.core.text.Suggestions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins of one evals4j instance, by kind and id: those found through {@link ServiceLoader} (unless
 * discovery is switched off) and those registered explicitly. Immutable and thread-safe once built.
 *
 * <p>A provider that fails to load is left out and reported by {@link #problems()}; two plugins of one kind with
 * one id fail the build naming both classes; an unknown id fails listing the known ids and asking about the
 * nearest ones, and names the evals4j module to add when the id belongs to one that is not on the class path.
 */
public final class PluginRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);
    private static final Pattern SCORER_ID = Pattern.compile("[a-z0-9][a-z0-9_.\\-]*::[a-z0-9][a-z0-9_.\\-]*");
    private static final Pattern PLAIN_ID = Pattern.compile("[a-z0-9][a-z0-9_.\\-]*(::[a-z0-9][a-z0-9_.\\-]*)?");

    private final Map<PluginKind, Map<String, Plugin>> plugins;
    private final List<String> problems;

    private PluginRegistry(Map<PluginKind, Map<String, Plugin>> plugins, List<String> problems) {
        this.plugins = plugins;
        this.problems = List.copyOf(problems);
    }

    /** A new builder: discovery on, through the thread's context class loader. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every plugin of a kind, sorted by id. */
    public List<Plugin> all(PluginKind kind) {
        return List.copyOf(plugins.get(kind).values());
    }

    /** What {@code evals list} shows of every plugin, by kind and then id. */
    public List<PluginInfo> infos() {
        List<PluginInfo> out = new ArrayList<>();
        for (PluginKind kind : PluginKind.values()) {
            for (Plugin p : plugins.get(kind).values()) {
                out.add(new PluginInfo(
                        kind,
                        p.id(),
                        Modules.of(p.getClass()),
                        p.description(),
                        p.getClass().getName()));
            }
        }
        return out;
    }

    /** Providers that could not be loaded, each with its reason; empty when all loaded. */
    public List<String> problems() {
        return problems;
    }

    /** The ids of a kind, sorted. */
    public List<String> ids(PluginKind kind) {
        return List.copyOf(plugins.get(kind).keySet());
    }

    /**
     * The plugin of a kind with an id, unconfigured.
     *
     * @throws UnknownPluginException when there is none
     */
    public Plugin get(PluginKind kind, String id) {
        Objects.requireNonNull(id, "id");
        Plugin p = plugins.get(kind).get(id);
        if (p == null) {
            // the module is there when a plugin comes from its jar, or has an id of its own (in a jar that bundles
            // several modules, as evals-spark's application jar does, the jar names none of them)
            String hint = KnownPlugins.moduleOf(kind, id)
                    .filter(module -> plugins.get(kind).entrySet().stream()
                            .noneMatch(other ->
                                    Modules.of(other.getValue().getClass()).equals(module)
                                            || KnownPlugins.moduleOf(kind, other.getKey())
                                                    .equals(Optional.of(module))))
                    .map(module -> "it belongs to the module " + module + ", which is not on the class path. Make"
                            + " sure to add dev.evals4j:" + module + " as a dependency")
                    .orElse(null);
            // the module to add says more than a near id would
            List<String> near = hint == null ? Suggestions.nearest(id, ids(kind)) : List.of();
            throw new UnknownPluginException(kind.label(), id, ids(kind), near, hint);
        }
        return p;
    }

    /**
     * A scorer configured with these parameters and this context.
     *
     * @throws UnknownPluginException for an unknown id
     * @throws ConfigurationException for an unknown parameter or a value of the wrong type
     */
    public BaseScorer scorer(String id, Map<String, ?> params, PluginContext context) {
        BaseScorer s = (BaseScorer) get(PluginKind.SCORER, id);
        return configured(id, s.configure(Params.resolve(id, s.parameters(), params), context));
    }

    /** A generator configured with these parameters and this context; see {@link #scorer}. */
    public BaseGenerator generator(String id, Map<String, ?> params, PluginContext context) {
        BaseGenerator g = (BaseGenerator) get(PluginKind.GENERATOR, id);
        return configured(id, g.configure(Params.resolve(id, g.parameters(), params), context));
    }

    /** A processor configured with these parameters and this context; see {@link #scorer}. */
    public BaseGeneratorProcessor processor(String id, Map<String, ?> params, PluginContext context) {
        BaseGeneratorProcessor p = (BaseGeneratorProcessor) get(PluginKind.PROCESSOR, id);
        return configured(id, p.configure(Params.resolve(id, p.parameters(), params), context));
    }

    /**
     * A task's parameters checked against what it declares, with their defaults.
     *
     * @throws UnknownPluginException for an unknown id
     * @throws ConfigurationException for an unknown parameter, a value of the wrong type, or an unknown variant
     */
    public Params taskParams(String id, Map<String, ?> params) {
        BaseTask task = (BaseTask) get(PluginKind.TASK, id);
        Params resolved = Params.resolve(id, task.parameters(), params);
        Object variant = resolved.values().get(BaseTask.VARIANT);
        if (variant != null && task.variants().stream().noneMatch(v -> v.name().equals(variant))) {
            throw new ConfigurationException("unknown variant '" + variant + "' of the task " + id + "; its variants: "
                    + String.join(
                            ", ",
                            task.variants().stream()
                                    .map(dev.evals4j.api.spi.TaskVariant::name)
                                    .toList()));
        }
        return resolved;
    }

    private static <T extends Plugin> T configured(String id, T plugin) {
        if (plugin == null) {
            throw new ConfigurationException("the plugin " + id + " returned null from configure");
        }
        return plugin;
    }

    /** The unconfigured plugin of a kind (its interface) with an id, when there is one. */
    public <T extends Plugin> Optional<T> find(Class<T> type, String id) {
        PluginKind kind = PluginKind.ofType(type);
        return Optional.ofNullable(plugins.get(kind).get(id)).map(type::cast);
    }

    /**
     * The dataset plugin that reads a source: the first, by id, that accepts it.
     *
     * @throws ConfigurationException when none does; the message names the module to add for known schemes
     */
    public BaseDataset datasetFor(DatasetSource source) {
        for (Plugin p : plugins.get(PluginKind.DATASET).values()) {
            BaseDataset d = (BaseDataset) p;
            if (d.accepts(source)) {
                return d;
            }
        }
        String what =
                source instanceof DatasetSource.Uri uri ? "URIs with the scheme '" + uri.scheme() + "'" : "inline rows";
        String hint = source instanceof DatasetSource.Uri uri
                ? KnownPlugins.moduleOf(PluginKind.DATASET, uri.scheme())
                        .map(m -> "; they are read by the module " + m + ", which is not on the class path. Make sure"
                                + " to add dev.evals4j:" + m + " as a dependency")
                        .orElse("")
                : "";
        throw new ConfigurationException("no dataset source reads " + what + hint + "; known dataset sources: "
                + String.join(", ", ids(PluginKind.DATASET)));
    }

    /** Builds a {@link PluginRegistry}; not thread-safe. */
    public static final class Builder {
        private ClassLoader classLoader;
        private boolean discovery = true;
        private final List<Plugin> explicit = new ArrayList<>();

        private Builder() {}

        /** Discovers plugins through this class loader instead of the thread's context class loader. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /** Switches {@link ServiceLoader} discovery on or off; with it off, only registered plugins exist. */
        public Builder discovery(boolean enabled) {
            this.discovery = enabled;
            return this;
        }

        /** Registers a plugin explicitly. */
        public Builder register(Plugin plugin) {
            explicit.add(Objects.requireNonNull(plugin, "plugin"));
            return this;
        }

        /**
         * Discovers and registers the plugins.
         *
         * @throws ConfigurationException when two plugins of one kind have the same id, naming both classes, or
         *     an explicitly registered plugin has an invalid id
         */
        public PluginRegistry build() {
            Map<PluginKind, Map<String, Plugin>> byKind = new EnumMap<>(PluginKind.class);
            for (PluginKind kind : PluginKind.values()) {
                byKind.put(kind, new TreeMap<>());
            }
            List<String> problems = new ArrayList<>();
            for (Plugin p : explicit) {
                String invalid = checkId(p);
                if (invalid != null) {
                    throw new ConfigurationException(invalid);
                }
                add(byKind, p);
            }
            if (discovery) {
                ClassLoader loader = classLoader != null ? classLoader : contextLoader();
                for (PluginKind kind : PluginKind.values()) {
                    for (Plugin p : load(kind, loader, problems)) {
                        String invalid = checkId(p);
                        if (invalid != null) {
                            problems.add(invalid);
                            LOG.warn("Skipping a plugin: {}", invalid);
                            continue;
                        }
                        Plugin existing = byKind.get(kind).get(p.id());
                        if (existing != null && existing.getClass().equals(p.getClass())) {
                            continue; // registered explicitly and discovered too: the explicit instance wins
                        }
                        add(byKind, p);
                    }
                }
            }
            Map<PluginKind, Map<String, Plugin>> frozen = new EnumMap<>(PluginKind.class);
            byKind.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
            return new PluginRegistry(Collections.unmodifiableMap(frozen), problems);
        }

        private static ClassLoader contextLoader() {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return context != null ? context : PluginRegistry.class.getClassLoader();
        }

        private static void add(Map<PluginKind, Map<String, Plugin>> byKind, Plugin p) {
            PluginKind kind = PluginKind.of(p);
            Plugin existing = byKind.get(kind).putIfAbsent(p.id(), p);
            if (existing != null) {
                throw new ConfigurationException("two " + kind.label() + " plugins have the id '" + p.id() + "': "
                        + existing.getClass().getName() + " and " + p.getClass().getName()
                        + "; remove one of them from the class path (or from META-INF/services)");
            }
        }

        private static String checkId(Plugin p) {
            String id;
            String description;
            try {
                id = p.id();
                description = p.description();
            } catch (RuntimeException e) {
                return p.getClass().getName() + " failed to give its id or description: " + e;
            }
            PluginKind kind = PluginKind.of(p);
            if (id == null
                    || !(kind == PluginKind.SCORER ? SCORER_ID : PLAIN_ID)
                            .matcher(id)
                            .matches()) {
                return p.getClass().getName() + " has the invalid " + kind.label() + " id '" + id + "'; "
                        + (kind == PluginKind.SCORER
                                ? "scorer ids have the form family::name in lower case, such as basic::equality"
                                : "ids are lower case letters, digits, '.', '_' and '-', such as openai-compatible");
            }
            if (description == null || description.isBlank()) {
                return p.getClass().getName() + " (" + id + ") has no description";
            }
            return null;
        }

        private static List<Plugin> load(PluginKind kind, ClassLoader loader, List<String> problems) {
            List<Plugin> found = new ArrayList<>();
            Iterator<? extends Plugin> it =
                    ServiceLoader.load(kind.type(), loader).iterator();
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    found.add(it.next());
                } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                    String problem = "a " + kind.label() + " provider failed to load: " + e.getMessage()
                            + (e.getCause() != null ? " (" + e.getCause() + ")" : "");
                    problems.add(problem);
                    LOG.warn("Skipping a {} provider that failed to load", kind.label(), e);
                }
            }
            return found;
        }
    }
}
