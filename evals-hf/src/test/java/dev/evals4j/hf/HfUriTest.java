package dev.evals4j.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HfUriTest {
    @Test
    void parsesTheHfFormWithConfigSplitAndRevision() {
        HfUri uri = HfUri.parse("hf://datasets/TIGER-Lab/MMLU-Pro?config=default&split=test&revision=refs%2Fpr%2F3");

        assertThat(uri)
                .isEqualTo(new HfUri(
                        "TIGER-Lab/MMLU-Pro", Optional.of("default"), Optional.of("test"), Optional.of("refs/pr/3")));
        assertThat(uri.toString())
                .isEqualTo("hf://datasets/TIGER-Lab/MMLU-Pro?config=default&split=test&revision=refs/pr/3");
    }

    @Test
    void parsesLlamaStacksHuggingfaceFormWhereNameIsTheConfig() {
        assertThat(HfUri.parse("huggingface://datasets/llamastack/mmlu?split=test&name=abstract_algebra"))
                .isEqualTo(new HfUri(
                        "llamastack/mmlu", Optional.of("abstract_algebra"), Optional.of("test"), Optional.empty()));
    }

    @Test
    void takesARevisionAfterAnAt() {
        assertThat(HfUri.parse("hf://datasets/openai/gsm8k@refs/convert/parquet?config=main")
                        .revision())
                .contains("refs/convert/parquet");
        assertThat(HfUri.parse("hf://datasets/openai/gsm8k").split()).isEmpty();
    }

    @Test
    void refusesWhatIsNotADatasetUri() {
        assertThatThrownBy(() -> HfUri.parse("hf://models/meta-llama/Llama-3.1-8B"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "'hf://models/meta-llama/Llama-3.1-8B' does not name a dataset; the form is"
                                + " hf://datasets/{owner}/{name}[?config=…&split=…&revision=…] (models and spaces are not datasets)");
        assertThatThrownBy(() -> HfUri.parse("hf://datasets/a/b/c"))
                .hasMessage("'hf://datasets/a/b/c' does not name a dataset as owner/name; the form is"
                        + " hf://datasets/{owner}/{name}[?config=…&split=…&revision=…]");
        assertThatThrownBy(() -> HfUri.parse("data.csv"))
                .hasMessage(
                        "'data.csv' is not a Hub dataset URI; the form is hf://datasets/{owner}/{name}[?config=…&split=…&revision=…]");
    }

    @Test
    void refusesUnknownAndContradictoryParameters() {
        assertThatThrownBy(() -> HfUri.parse("hf://datasets/a/b?split=test&data_files=x.csv"))
                .hasMessage(
                        "unknown parameter 'data_files' in 'hf://datasets/a/b?split=test&data_files=x.csv'; accepted:"
                                + " config (or name, or subset), split, revision");
        assertThatThrownBy(() -> HfUri.parse("hf://datasets/a/b?config=x&name=y"))
                .hasMessage(
                        "'hf://datasets/a/b?config=x&name=y' gives two configs, 'x' and 'y'; config, name and subset"
                                + " are the same parameter");
        assertThatThrownBy(() -> HfUri.parse("hf://datasets/a/b?split="))
                .hasMessage("the parameter 'split' in 'hf://datasets/a/b?split=' has no value");
    }
}
