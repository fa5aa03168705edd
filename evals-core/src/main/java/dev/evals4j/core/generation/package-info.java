/**
 * Model generators: {@link dev.evals4j.core.generation.OpenAiCompatibleGenerator} ({@code openai-compatible}),
 * {@link dev.evals4j.core.generation.LlamaStackGenerator} ({@code llama-stack}), and
 * {@link dev.evals4j.core.generation.EmbeddingsClient} for {@code /v1/embeddings}.
 *
 * <p>Everything here is non-null unless a method says otherwise.
 */
package dev.evals4j.core.generation;
