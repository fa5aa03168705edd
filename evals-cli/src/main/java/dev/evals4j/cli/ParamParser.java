package dev.evals4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Plugin;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.text.JsonErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns {@code --param <plugin id>.<name>=<value>} options into typed parameters per plugin id, converting each
 * value by the type the plugin declares for it (a string stays as typed; booleans, numbers, lists and JSON are
 * parsed).
 */
final class ParamParser {
    private ParamParser() {}

    /**
     * Groups the options by plugin id.
     *
     * @param plugins finds a plugin by id, to learn its parameter types
     * @throws ConfigurationException for a malformed option, an id not among {@code ids}, or a value that does not
     *     parse as the declared type
     */
    static Map<String, Map<String, Object>> parse(
            List<String> options, List<String> ids, Function<String, Plugin> plugins) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (String option : options) {
            int eq = option.indexOf('=');
            int dot = eq < 0 ? -1 : option.lastIndexOf('.', eq);
            if (eq < 0 || dot <= 0 || dot == eq - 1) {
                throw new ConfigurationException("--param takes <plugin id>.<name>=<value>, such as"
                        + " braintrust::list-contains.allow_extra_entities=true; got '" + option + "'");
            }
            String id = option.substring(0, dot);
            String name = option.substring(dot + 1, eq);
            String text = option.substring(eq + 1);
            if (text.isBlank()) {
                throw new ConfigurationException(
                        "--param " + option + " has no value; give one after '='" + " (an empty list is [])");
            }
            if (!ids.contains(id)) {
                throw new ConfigurationException("--param " + option + " names '" + id + "', which is not selected;"
                        + " selected: " + String.join(", ", ids));
            }
            Optional<Parameter> declared = plugins.apply(id).parameters().stream()
                    .filter(p -> p.name().equals(name))
                    .findFirst();
            Object value = declared.map(p -> convert(id, p, text)).orElse(text);
            byId.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(name, value);
        }
        return byId;
    }

    private static Object convert(String id, Parameter p, String text) {
        String where = "parameter '" + p.name() + "' of " + id;
        return switch (p.type()) {
            case STRING -> text;
            case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new ConfigurationException(where + " must be true or false, was '" + text + "'");
            };
            case INTEGER -> {
                try {
                    yield Long.parseLong(text.trim());
                } catch (NumberFormatException e) {
                    throw new ConfigurationException(where + " must be an integer, was '" + text + "'");
                }
            }
            case NUMBER -> {
                try {
                    yield Double.parseDouble(text.trim());
                } catch (NumberFormatException e) {
                    throw new ConfigurationException(where + " must be a number, was '" + text + "'");
                }
            }
            case STRING_LIST -> text.trim().startsWith("[") ? json(where, text) : List.of(text);
            case JSON -> json(where, text);
        };
    }

    private static Object json(String where, String text) {
        try {
            return Json.MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(
                    where + " must be JSON (" + ParamType.JSON.description() + "): " + JsonErrors.describe(e));
        }
    }
}
