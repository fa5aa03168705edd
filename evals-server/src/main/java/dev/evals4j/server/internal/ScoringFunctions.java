package dev.evals4j.server.internal;

import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Plugin;
import dev.evals4j.core.internal.InstanceContext;
import dev.evals4j.core.internal.RunScope;
import dev.evals4j.core.plugins.PluginKind;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.scoring.Aggregations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Scoring functions: every scorer of the instance under its own id, and the functions clients register, each built
 * on one of those scorers ({@code provider_scoring_fn_id}) with its parameters; registered ones are kept in
 * {@code <data>/scoring-functions/}. Llama Stack's {@code params} ({@code basic}, {@code regex_parser},
 * {@code llm_as_judge}) become the scorer's parameters and aggregations; the params of a request apply to that
 * request only and never change a registered definition. Thread-safe.
 */
public final class ScoringFunctions {
    /** The params types Llama Stack defines. */
    static final List<String> TYPES = List.of("basic", "regex_parser", "llm_as_judge");

    /** The return types Llama Stack defines. */
    static final List<String> RETURN_TYPES = List.of(
            "string",
            "number",
            "boolean",
            "array",
            "object",
            "json",
            "union",
            "chat_completion_input",
            "completion_input",
            "agent_turn_input");

    /**
     * A registered function as its file holds it.
     *
     * @param identifier its id
     * @param description what it does
     * @param returnType Llama Stack's {@code return_type}
     * @param providerId the provider it names
     * @param base the scorer it builds on ({@code provider_scoring_fn_id})
     * @param params Llama Stack's params, as registered
     * @param metadata free-form metadata
     */
    public record Registered(
            String identifier,
            @Nullable String description,
            Map<String, Object> returnType,
            String providerId,
            String base,
            @Nullable Map<String, Object> params,
            Map<String, Object> metadata) {}

    private final InstanceContext context;
    private final Models models;
    private final Path dir;
    private final Map<String, Registered> registered = new TreeMap<>();

    /** The functions of an instance, with registered ones kept in {@code dir}. */
    public ScoringFunctions(InstanceContext context, Models models, Path dir) {
        this.context = Objects.requireNonNull(context, "context");
        this.models = Objects.requireNonNull(models, "models");
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    private PluginRegistry plugins() {
        return context.registry();
    }

    /** Reads the registered functions from disk. */
    public synchronized void load() {
        for (Registered r : StateFiles.readAll(dir, Registered.class)) {
            registered.put(r.identifier(), r);
        }
    }

    /** Every function: the instance's scorers by id, then the registered ones. */
    public synchronized List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Plugin p : plugins().all(PluginKind.SCORER)) {
            if (!registered.containsKey(p.id())) {
                out.add(builtIn((BaseScorer) p));
            }
        }
        for (Registered r : registered.values()) {
            out.add(wire(r));
        }
        return out;
    }

    /** One function. */
    public synchronized Map<String, Object> get(String id) {
        Registered r = registered.get(id);
        if (r != null) {
            return wire(r);
        }
        return builtIn(scorer(id).orElseThrow(() -> notFound(id)));
    }

    private Optional<BaseScorer> scorer(String id) {
        return plugins().find(BaseScorer.class, id);
    }

    private ApiException notFound(String id) {
        return ApiException.notFound("Scoring function '" + id + "' not found. Use 'client.scoring_functions.list()'"
                + " to list available Scoring functions.");
    }

    /**
     * Registers a function from a request body ({@code scoring_fn_id}, {@code description}, {@code return_type},
     * {@code provider_scoring_fn_id}, {@code provider_id}, {@code params}): checked by configuring its scorer once,
     * then written to disk.
     */
    public void register(Body body) {
        String id = body.string("scoring_fn_id");
        String description = body.optString("description").orElse(null);
        Body returnType = body.object("return_type");
        String rt = returnType.string("type");
        if (!RETURN_TYPES.contains(rt)) {
            throw ApiException.badRequest(
                    "'return_type.type' must be one of " + String.join(", ", RETURN_TYPES) + ", was '" + rt + "'");
        }
        Optional<Body> params = body.optObject("params");
        String type = params.flatMap(p -> p.optString("type")).orElse(null);
        String base = body.optString("provider_scoring_fn_id")
                .filter(s -> !s.isBlank())
                .orElseGet(() -> {
                    if ("llm_as_judge".equals(type)) {
                        return "llm-as-judge::base";
                    }
                    if ("regex_parser".equals(type)) {
                        return "basic::regex_parser_multiple_choice_answer";
                    }
                    throw ApiException.badRequest("the scoring function '" + id + "' needs 'provider_scoring_fn_id':"
                            + " the id of the scorer it builds on, such as basic::equality (params of type "
                            + "llm_as_judge default to llm-as-judge::base, regex_parser to"
                            + " basic::regex_parser_multiple_choice_answer)");
                });
        if (scorer(base).isEmpty()) {
            throw ApiException.badRequest("'provider_scoring_fn_id' names no scorer: '" + base + "'; known: "
                    + String.join(", ", plugins().ids(PluginKind.SCORER)));
        }
        Registered r = new Registered(
                id,
                description,
                Map.of("type", rt),
                body.optString("provider_id").filter(s -> !s.isBlank()).orElse(family(base)),
                base,
                params.map(Body::map).map(ScoringFunctions::copy).orElse(null),
                copy(body.optMap("metadata")));
        synchronized (this) {
            if (registered.containsKey(id) || scorer(id).isPresent()) {
                throw ApiException.badRequest("Object of type 'scoring_function' and identifier '" + id
                        + "' already exists. Unregister it first if you want to replace it.");
            }
            // a function that cannot be configured is refused now, not at its first use
            check(toSpec(id, base, params));
            StateFiles.write(file(id), r);
            registered.put(id, r);
        }
    }

    private void check(ScorerSpec spec) {
        try (RunScope scope = context.newRunScope()) {
            scope.own(plugins().scorer(spec.id(), spec.params(), scope));
            spec.aggregations().forEach(Aggregations::of);
        }
    }

    /** Unregisters a registered function; a scorer of the instance cannot be. */
    public synchronized void unregister(String id) {
        if (!registered.containsKey(id)) {
            if (scorer(id).isPresent()) {
                throw ApiException.badRequest("the scoring function '" + id + "' is a scorer of evals4j, not a"
                        + " registered function; it cannot be unregistered");
            }
            throw notFound(id);
        }
        StateFiles.delete(file(id));
        registered.remove(id);
    }

    /**
     * The scorer a function id stands for, with the params of a request when given (they replace the registered
     * params for this request only), else the registered ones.
     */
    public ScorerSpec resolve(String id, Optional<Body> requestParams) {
        Registered r;
        synchronized (this) {
            r = registered.get(id);
        }
        if (r != null) {
            Optional<Body> params = requestParams.isPresent()
                    ? requestParams
                    : Optional.ofNullable(r.params()).map(p -> Body.of(p, "params"));
            return toSpec(id, r.base(), params);
        }
        if (scorer(id).isEmpty()) {
            throw notFound(id);
        }
        return toSpec(id, id, requestParams);
    }

    /** The scorer spec of a function built on {@code base} with Llama Stack's params. */
    private ScorerSpec toSpec(String id, String base, Optional<Body> params) {
        BaseScorer scorer = scorer(base).orElseThrow(() -> notFound(base));
        Set<String> declared = scorer.parameters().stream().map(Parameter::name).collect(Collectors.toSet());
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        List<String> aggregations = List.of();
        boolean judgeGiven = false;
        if (params.isPresent()) {
            Body p = params.get();
            Optional<String> type = p.optString("type");
            if (type.isPresent() && !TYPES.contains(type.get())) {
                throw ApiException.badRequest("'" + p.pathOf("type") + "' must be one of " + String.join(", ", TYPES)
                        + ", was '" + type.get() + "'");
            }
            aggregations = p.optStrings("aggregation_functions").orElse(List.of());
            for (String name : aggregations) {
                if (!Aggregations.names().contains(name)) {
                    throw ApiException.badRequest("'" + p.pathOf("aggregation_functions") + "' holds '" + name
                            + "', which is no aggregation function; known: "
                            + String.join(", ", Aggregations.names()));
                }
            }
            for (Map.Entry<String, @Nullable Object> e : p.map().entrySet()) {
                String key = e.getKey();
                Object value = e.getValue();
                if (key.equals("type") || key.equals("aggregation_functions") || empty(value)) {
                    continue;
                }
                if (key.equals("judge_model")) {
                    if (!declared.contains("judge_model")) {
                        throw ApiException.badRequest("the scoring function '" + id + "' (" + base
                                + ") calls no judge; leave out '" + p.pathOf(key) + "'");
                    }
                    out.putAll(models.judge(p.string("judge_model")));
                    judgeGiven = true;
                    continue;
                }
                if (!declared.contains(key)) {
                    List<String> names =
                            scorer.parameters().stream().map(Parameter::name).toList();
                    throw ApiException.badRequest("the scoring function '" + id + "' (" + base + ") takes no '"
                            + key + "'; "
                            + (names.isEmpty()
                                    ? "it takes no parameters"
                                    : "its parameters: " + String.join(", ", names)));
                }
                out.put(key, value);
            }
        }
        if (!judgeGiven && declared.contains("judge_model")) {
            models.defaultJudge().ifPresent(j -> out.putAll(models.judge(j)));
        }
        return new ScorerSpec(base, out, aggregations);
    }

    private static boolean empty(@Nullable Object value) {
        return value == null
                || (value instanceof String s && s.isEmpty())
                || (value instanceof List<?> l && l.isEmpty());
    }

    /** The wire form of a scorer of the instance. */
    private Map<String, Object> builtIn(BaseScorer s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identifier", s.id());
        out.put("provider_resource_id", s.id());
        out.put("provider_id", family(s.id()));
        out.put("type", "scoring_function");
        out.put("description", s.description());
        out.put("metadata", Map.of());
        out.put("return_type", Map.of("type", categorical(s) ? "string" : "number"));
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Parameter> declared = new LinkedHashMap<>();
        s.parameters().forEach(p -> declared.put(p.name(), p));
        if (declared.containsKey("judge_model")) {
            params.put("type", "llm_as_judge");
            params.put("judge_model", models.defaultJudge().orElse(""));
            defaultOf(declared.get("prompt_template")).ifPresent(v -> params.put("prompt_template", v));
            defaultOf(declared.get("judge_score_regexes")).ifPresent(v -> params.put("judge_score_regexes", v));
        } else if (declared.containsKey("parsing_regexes")) {
            params.put("type", "regex_parser");
            defaultOf(declared.get("parsing_regexes")).ifPresent(v -> params.put("parsing_regexes", v));
        } else {
            params.put("type", "basic");
        }
        params.put("aggregation_functions", s.defaultAggregations());
        out.put("params", params);
        return out;
    }

    private static Optional<Object> defaultOf(@Nullable Parameter p) {
        return p == null ? Optional.empty() : p.defaultValue();
    }

    private static boolean categorical(BaseScorer s) {
        return s.defaultAggregations().stream()
                .noneMatch(a -> a.equals("accuracy") || a.contains("average") || a.equals("median"));
    }

    private static Map<String, Object> wire(Registered r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identifier", r.identifier());
        out.put("provider_resource_id", r.base());
        out.put("provider_id", r.providerId());
        out.put("type", "scoring_function");
        out.put("description", r.description());
        out.put("metadata", r.metadata());
        out.put("return_type", r.returnType());
        out.put("params", r.params());
        return out;
    }

    private static String family(String id) {
        int sep = id.indexOf("::");
        return sep > 0 ? id.substring(0, sep) : "evals4j";
    }

    private Path file(String id) {
        return dir.resolve(StateFiles.fileName(id) + ".json");
    }

    private static Map<String, Object> copy(Map<String, @Nullable Object> map) {
        return new LinkedHashMap<>(map);
    }
}
