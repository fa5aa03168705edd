package dev.evals4j.cli;

import dev.evals4j.core.internal.Secrets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Finds the option on the command line that gave a plugin the parameter value it refused, so that the message names
 * it: {@code --param openai-compatible.timeout_seconds=-1: parameter 'timeout_seconds' of openai-compatible must be
 * from 0.001 to 86400 (a day), was -1.0}. Plugins name the parameter as {@code parameter 'NAME' of ID} (or
 * {@code for ID}); the option is the {@code --param ID.NAME=…} that set it, else the option of the same name
 * ({@code --max-tokens} for {@code max_tokens}).
 */
final class FlagOrigins {
    private static final Pattern PARAMETER =
            Pattern.compile("parameter '([^']+)' (?:of|for) ([A-Za-z0-9][\\w.:\\-]*[\\w\\-])");

    private FlagOrigins() {}

    /** The message, led by the option that gave the refused value when it can be told. */
    static String name(String message, ParseResult parseResult) {
        if (message.startsWith("--")) {
            return message;
        }
        Matcher m = PARAMETER.matcher(message);
        if (!m.find()) {
            return message;
        }
        return origin(m.group(2), m.group(1), parseResult)
                .map(option -> option + ": " + message)
                .orElse(message);
    }

    private static Optional<String> origin(String pluginId, String name, ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--param")) {
                List<String> params = p.matchedOption("--param").getValue();
                for (String param : params) {
                    String prefix = pluginId + "." + name + "=";
                    if (param.startsWith(prefix)) {
                        // a secret-named parameter's value stays out of the message
                        Object shown = Secrets.redact(Map.of(name, param.substring(prefix.length())))
                                .get(name);
                        return Optional.of("--param " + prefix + shown);
                    }
                }
            }
        }
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            for (OptionSpec option : p.matchedOptions()) {
                String flag = option.longestName();
                if (flag.startsWith("--")
                        && flag.substring(2)
                                .replace('-', '_')
                                .toLowerCase(Locale.ROOT)
                                .equals(name)) {
                    return Optional.of(flag + " " + option.getValue());
                }
            }
        }
        return Optional.empty();
    }
}
