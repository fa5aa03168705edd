package dev.evals4j.hf;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.api.spi.RowReader;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code hf}: reads a split of a Hugging Face Hub dataset named by {@code hf://datasets/{owner}/{name}} (with
 * {@code config}, {@code split}, {@code revision}) or Llama Stack's {@code huggingface://datasets/…?split=…&name=…}.
 * The discovered instance reads through the Hub client of the evals4j instance that opens the dataset
 * ({@link HubClient#of}: the instance's {@code HF_ENDPOINT}, {@code HF_TOKEN}, {@code HF_HUB_CACHE},
 * {@code HF_HUB_OFFLINE}, cache folder and HTTP pool); register one built with a {@link HubClient} to read through
 * that client instead.
 */
public final class HfDataset implements BaseDataset {
    private final Optional<HubClient> client;

    /** Reads through the Hub client of the instance that opens a dataset. */
    public HfDataset() {
        this.client = Optional.empty();
    }

    /** Reads through the given client. */
    public HfDataset(HubClient client) {
        this.client = Optional.of(Objects.requireNonNull(client, "client"));
    }

    /** The client this plugin was made with, if any; otherwise it reads through each instance's own. */
    public Optional<HubClient> client() {
        return client;
    }

    @Override
    public String id() {
        return "hf";
    }

    @Override
    public String description() {
        return "Hugging Face Hub datasets: hf://datasets/{owner}/{name}?config=…&split=… and huggingface://…";
    }

    @Override
    public boolean accepts(DatasetSource source) {
        return source instanceof DatasetSource.Uri uri
                && (uri.scheme().equals("hf") || uri.scheme().equals("huggingface"));
    }

    /** Reads through the client this plugin was made with; see {@link #open(DatasetSource, PluginContext)}. */
    @Override
    public RowReader open(DatasetSource source) {
        HfUri uri = parse(source);
        return open(
                uri,
                client.orElseThrow(() -> new ConfigurationException(
                        "the hf dataset source reads through an evals4j instance's Hub client; open the dataset through the"
                                + " instance, or register new HfDataset(hubClient)")));
    }

    @Override
    public RowReader open(DatasetSource source, PluginContext context) {
        HfUri uri = parse(source);
        return open(uri, client.orElseGet(() -> HubClient.of(context)));
    }

    private static RowReader open(HfUri uri, HubClient hub) {
        return hub.open(uri);
    }

    private HfUri parse(DatasetSource source) {
        if (!(source instanceof DatasetSource.Uri uri) || !accepts(source)) {
            throw new IllegalArgumentException(
                    "the hf dataset source reads hf:// and huggingface:// URIs, not " + source);
        }
        if (uri.format().isPresent()) {
            throw new ConfigurationException(
                    "a format does not apply to " + uri.uri() + ": a Hub dataset's format comes" + " from its files");
        }
        return HfUri.parse(uri.uri());
    }
}
