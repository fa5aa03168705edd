package dev.evals4j.scorers.judges;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.Message;
import dev.evals4j.api.ModelCallException;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.spi.BaseGenerator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configured judge model: sends a prompt, asking for JSON output when the settings say so, and falls back to
 * plain text when the server refuses {@code response_format} (HTTP 400 or 422). Immutable and thread-safe; each
 * scoring uses a {@link Transcript} of its own.
 */
final class Judge {
    private static final Logger LOG = LoggerFactory.getLogger(Judge.class);
    private static final DatasetSample NO_ROW = new DatasetSample(0, Map.of());

    private final JudgeSettings settings;
    private final BaseGenerator plain;
    private final BaseGenerator json;
    private final AtomicBoolean warnedAboutJson = new AtomicBoolean();

    private Judge(JudgeSettings settings, BaseGenerator plain, BaseGenerator json) {
        this.settings = settings;
        this.plain = plain;
        this.json = json;
    }

    /**
     * Configures the judge's generator (twice with JSON output: with and without {@code response_format}).
     *
     * @throws ConfigurationException when the generator cannot be configured, saying which judge parameters
     *     feed which generator parameters
     */
    static Judge create(JudgeSettings settings, JudgeModels models) {
        Objects.requireNonNull(settings, "settings");
        try {
            BaseGenerator plain = models.generator(settings.generator(), settings.generatorParameters(false));
            BaseGenerator json = null;
            if (settings.format() == JudgeSettings.OutputFormat.JSON_OBJECT
                    && models.accepts(settings.generator(), "extra_body")) {
                json = models.generator(settings.generator(), settings.generatorParameters(true));
            }
            return new Judge(settings, plain, json);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(
                    "the judge of " + settings.scorerId() + " cannot be configured: "
                            + e.getMessage() + " (judge_model is the generator's model, judge_base_url its base_url,"
                            + " judge_api_key_env its api_key_env, judge_params the others)",
                    e);
        }
    }

    JudgeSettings settings() {
        return settings;
    }

    /** A new transcript for scoring one sample. */
    Transcript transcript() {
        return new Transcript(this);
    }

    /**
     * Sends one conversation to the judge.
     *
     * @throws ModelCallException when the call fails after the generator's retries, with a message that says it
     *     was the judge's call
     */
    GenerationResponse call(List<Message> messages) {
        PreprocessedSample request = new PreprocessedSample(NO_ROW, new GenerationInput.Chat(messages));
        try {
            if (json != null) {
                try {
                    return json.generate(request);
                } catch (ModelCallException e) {
                    if (e.retriable() || (e.statusCode() != 400 && e.statusCode() != 422)) {
                        throw e;
                    }
                    if (warnedAboutJson.compareAndSet(false, true)) {
                        LOG.warn(
                                "The {} of {} refused JSON output ({}); asking for text instead. Set"
                                        + " judge_response_format=text to skip the JSON attempt.",
                                settings.judgeName(),
                                settings.scorerId(),
                                e.getMessage());
                    }
                }
            }
            return plain.generate(request);
        } catch (ModelCallException e) {
            throw new ModelCallException(
                    "the " + settings.judgeName() + " of " + settings.scorerId() + " could not be called: "
                            + e.getMessage(),
                    e.retriable(),
                    e.statusCode(),
                    e);
        }
    }

    @Override
    public String toString() {
        return "Judge[" + settings.scorerId() + ", " + plain + "]";
    }
}
