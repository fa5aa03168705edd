package dev.evals4j.server.internal;

import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.core.plugins.PluginRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Where the model ids of requests go: a route named for the id, else the configured inference server (an
 * OpenAI-compatible one by default) with the id mapped to the name the server knows. Turns Llama Stack's
 * {@code sampling_params} into the generator's parameters, all of them, and a judge model into a judge scorer's
 * {@code judge_*} parameters. Immutable.
 */
public final class Models {
    /** The generator parameters a judge scorer sets through its own {@code judge_*} parameters. */
    private static final Set<String> JUDGE_OWN =
            Set.of("model", "base_url", "api_key_env", "temperature", "max_tokens");

    private final PluginRegistry plugins;
    private final String generator;
    private final Optional<String> baseUrl;
    private final Optional<String> apiKeyEnv;
    private final Map<String, String> servedNames;
    private final Map<String, PluginSpec> routes;
    private final Optional<String> defaultJudge;

    /**
     * The routes.
     *
     * @param generator the generator of the inference server ({@code openai-compatible} or {@code llama-stack})
     * @param baseUrl the inference server's root URL, when one is configured
     * @param apiKeyEnv the environment variable with its API key
     * @param servedNames model ids mapped to the names the inference server knows
     * @param routes model ids with a generator of their own (parameters without sampling, or an instance)
     * @param defaultJudge the judge model of judge scorers whose request names none
     */
    public Models(
            PluginRegistry plugins,
            String generator,
            Optional<String> baseUrl,
            Optional<String> apiKeyEnv,
            Map<String, String> servedNames,
            Map<String, PluginSpec> routes,
            Optional<String> defaultJudge) {
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.generator = Objects.requireNonNull(generator, "generator");
        this.baseUrl = baseUrl;
        this.apiKeyEnv = apiKeyEnv;
        this.servedNames = Map.copyOf(servedNames);
        this.routes = Map.copyOf(routes);
        this.defaultJudge = defaultJudge;
    }

    /** The judge model used when a judge scorer's parameters name none. */
    public Optional<String> defaultJudge() {
        return defaultJudge;
    }

    /** The generator for a model id, without sampling parameters. */
    private PluginSpec route(String model, String what) {
        PluginSpec route = routes.get(model);
        if (route != null) {
            return route;
        }
        if (baseUrl.isEmpty()) {
            throw ApiException.badRequest("no inference server is configured for the " + what + " '" + model
                    + "': start the server with --inference-base-url, or map the model"
                    + (routes.isEmpty() ? "" : "; mapped models: " + String.join(", ", routes.keySet())));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("model", servedNames.getOrDefault(model, model));
        params.put("base_url", baseUrl.get());
        apiKeyEnv.ifPresent(v -> params.put("api_key_env", v));
        return new PluginSpec(generator, params);
    }

    /**
     * The generator that answers as this eval candidate: its route, with {@code sampling_params} (Llama Stack's
     * {@code SamplingParams}) turned into the generator's parameters. Every sampling parameter given reaches the
     * model; one the generator cannot take is a 400, never dropped. Without a strategy, Llama Stack's default
     * applies: greedy, which is temperature 0.
     */
    public PluginSpec candidate(String model, Optional<Body> sampling) {
        PluginSpec route = route(model, "model");
        if (route.instance().isPresent()) {
            if (sampling.filter(Models::hasSettings).isPresent()) {
                throw ApiException.badRequest("the model '" + model + "' is served by a generator object of the"
                        + " application, which takes no sampling_params; leave them out");
            }
            return route;
        }
        Map<String, @Nullable Object> params = new LinkedHashMap<>(route.params());
        samplingParams(model, route.id(), sampling).forEach((k, v) -> {
            if (k.equals("extra_body") && params.get(k) instanceof Map<?, ?> routed && v instanceof Map<?, ?> more) {
                Map<Object, Object> merged = new LinkedHashMap<>(routed);
                merged.putAll(more);
                params.put(k, merged);
            } else {
                params.put(k, v);
            }
        });
        return new PluginSpec(route.id(), params);
    }

    private static boolean hasSettings(Body sampling) {
        return sampling.map().values().stream().anyMatch(Objects::nonNull);
    }

    private Map<String, Object> samplingParams(String model, String generatorId, Optional<Body> sampling) {
        Set<String> accepted = plugins.find(BaseGenerator.class, generatorId)
                .map(g -> g.parameters().stream().map(Parameter::name).collect(Collectors.toSet()))
                .orElse(Set.of());
        boolean strategies = accepted.contains("strategy"); // Llama Stack's own generator takes the strategy as is
        Map<String, Object> out = new LinkedHashMap<>();
        Optional<Body> strategy = sampling.flatMap(s -> s.optObject("strategy"));
        String type = strategy.flatMap(s -> s.optString("type")).orElseGet(() -> {
            if (strategy.isPresent() && strategy.get().has("top_k")) {
                return "top_k";
            }
            if (strategy.isPresent() && strategy.get().has("temperature")) {
                return "top_p";
            }
            return "greedy";
        });
        switch (type) {
            case "greedy" -> {
                if (strategies) {
                    out.put("strategy", "greedy");
                } else {
                    out.put("temperature", 0);
                }
            }
            case "top_p" -> {
                Body s = strategy.orElseThrow();
                double temperature = s.optNumber("temperature")
                        .orElseThrow(() -> ApiException.badRequest("the request needs '" + s.pathOf("temperature")
                                + "' (a number) for the top_p strategy"));
                if (strategies) {
                    out.put("strategy", "top_p");
                }
                out.put("temperature", temperature);
                // Llama Stack's TopPSamplingStrategy defaults top_p to 0.95
                out.put("top_p", s.optNumber("top_p").orElse(0.95));
            }
            case "top_k" -> {
                Body s = strategy.orElseThrow();
                long k = s.optLong("top_k")
                        .orElseThrow(() -> ApiException.badRequest("the request needs '" + s.pathOf("top_k")
                                + "' (a whole number) for the top_k strategy"));
                if (strategies) {
                    out.put("strategy", "top_k");
                }
                out.put("top_k", k);
            }
            default -> throw ApiException.badRequest("'"
                    + strategy.orElseThrow().pathOf("type") + "' must be greedy, top_p or top_k, was '" + type + "'");
        }
        if (sampling.isPresent()) {
            Body s = sampling.get();
            s.optLong("max_tokens").filter(n -> n > 0).ifPresent(n -> out.put("max_tokens", n));
            s.optStrings("stop").filter(l -> !l.isEmpty()).ifPresent(l -> out.put("stop", l));
            Optional<Double> penalty = s.optNumber("repetition_penalty");
            if (penalty.isPresent()) {
                if (accepted.contains("repetition_penalty")) {
                    out.put("repetition_penalty", penalty.get());
                } else if (accepted.contains("extra_body")) {
                    // vLLM, SGLang and TGI read it from the body; OpenAI itself refuses it, which the caller then sees
                    out.put("extra_body", Map.of("repetition_penalty", penalty.get()));
                } else {
                    out.put("repetition_penalty", penalty.get());
                }
            }
        }
        for (String key : out.keySet()) {
            if (!accepted.isEmpty() && !accepted.contains(key)) {
                throw ApiException.badRequest("the model '" + model + "' is served by the generator " + generatorId
                        + ", which takes no '" + key + "': leave it out of sampling_params, or map the model to a"
                        + " generator that takes it");
            }
        }
        return out;
    }

    /**
     * A judge scorer's parameters for a judge model: {@code judge_generator}, {@code judge_model},
     * {@code judge_base_url}, {@code judge_api_key_env}, and the route's other parameters as {@code judge_params}.
     */
    public Map<String, Object> judge(String model) {
        PluginSpec route = route(model, "judge model");
        if (route.instance().isPresent()) {
            throw ApiException.badRequest("the judge model '" + model + "' is served by a generator object of the"
                    + " application; judges call a generator by id: map the model to a generator id and parameters");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("judge_generator", route.id());
        Map<String, Object> rest = new LinkedHashMap<>();
        route.params().forEach((k, v) -> {
            if (v == null) {
                return;
            }
            if (JUDGE_OWN.contains(k)) {
                out.put("judge_" + k, v);
            } else {
                rest.put(k, v);
            }
        });
        if (!rest.isEmpty()) {
            out.put("judge_params", rest);
        }
        return out;
    }
}
