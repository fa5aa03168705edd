/**
 * Hugging Face Hub datasets: {@link dev.evals4j.hf.HfUri} names a split, {@link dev.evals4j.hf.HubClient} describes
 * datasets and reads their rows through a local cache, and {@link dev.evals4j.hf.HfDataset} is the {@code hf}
 * dataset plugin that makes {@code hf://} and {@code huggingface://} URIs work wherever a dataset URI does.
 *
 * <p>Everything here is non-null unless a method says otherwise.
 */
package dev.evals4j.hf;
