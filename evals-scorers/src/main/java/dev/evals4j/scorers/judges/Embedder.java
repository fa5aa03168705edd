package dev.evals4j.scorers.judges;

import java.util.List;

/** Turns texts into vectors, for the judges that compare meanings; thread-safe. */
@FunctionalInterface
interface Embedder {

    /**
     * The vectors of some texts, in their order.
     *
     * @throws dev.evals4j.api.ModelCallException when the embeddings call fails
     */
    List<float[]> embed(List<String> texts);

    /**
     * The cosine similarity of two vectors, at most 1 (rounding can push it above), 0 when either is all zeros.
     */
    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of different lengths: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        double norms = Math.sqrt(na) * Math.sqrt(nb);
        return norms == 0 ? 0 : Math.min(dot / norms, 1);
    }

    /**
     * autoevals' rescaling of a cosine similarity: {@code max((cos - expectedMin) / (1 - expectedMin), 0)}, so that
     * similarities below {@code expectedMin} (unrelated texts are rarely below 0.7 with OpenAI's models) score 0.
     */
    static double rescale(double cosine, double expectedMin) {
        return Math.max((cosine - expectedMin) / (1 - expectedMin), 0);
    }
}
