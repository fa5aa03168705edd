package dev.evals4j.hf;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.api.spi.RowReader;
import java.util.Objects;

/**
 * {@code hf}: reads a split of a Hugging Face Hub dataset named by {@code hf://datasets/{owner}/{name}} (with
 * {@code config}, {@code split}, {@code revision}) or Llama Stack's {@code huggingface://datasets/…?split=…&name=…}.
 * The discovered instance reads its settings from the environment ({@code HF_ENDPOINT}, {@code HF_TOKEN},
 * {@code HF_HUB_CACHE}, {@code HF_HUB_OFFLINE}) when it first opens a dataset; register one built with a
 * {@link HubClient} to configure it in code.
 */
public final class HfDataset implements BaseDataset {
    private final Object lock = new Object();
    private HubClient client;

    /** Reads through a client configured from the environment, created on first use. */
    public HfDataset() {}

    /** Reads through the given client. */
    public HfDataset(HubClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The client this plugin reads through. */
    public HubClient client() {
        synchronized (lock) {
            if (client == null) {
                client = HubClient.builder().build();
            }
            return client;
        }
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

    @Override
    public RowReader open(DatasetSource source) {
        if (!(source instanceof DatasetSource.Uri uri) || !accepts(source)) {
            throw new IllegalArgumentException(
                    "the hf dataset source reads hf:// and huggingface:// URIs, not " + source);
        }
        if (uri.format().isPresent()) {
            throw new ConfigurationException(
                    "a format does not apply to " + uri.uri() + ": a Hub dataset's format comes" + " from its files");
        }
        return client().open(HfUri.parse(uri.uri()));
    }
}
