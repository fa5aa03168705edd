package dev.evals4j.junit.server;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake server's "model": a token is a whitespace-separated word with the whitespace before it (so tokens
 * joined give the text back, as a BPE tokenizer's do), log-probabilities are made up from a hash of the token and
 * its position, and an embedding is the normalised sum of one pseudo-random vector per word.
 */
final class Words {
    private static final Pattern TOKEN = Pattern.compile("\\s*\\S+\\s*$|\\s*\\S+|\\s+");

    /** Tokens offered as the other likely choices at a position, as a real model's top log-probabilities are. */
    private static final List<String> ALTERNATIVES = List.of(
            " the", ",", ".", " a", " and", " of", " to", " is", " in", " it", "\n", " I", " The", " that", " for",
            " on", " with", " as", " was", " be");

    private Words() {}

    /** The tokens of a text: words with the whitespace before them (trailing whitespace stays with the last). */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** How many tokens a text has: its whitespace-separated words. */
    static int count(String text) {
        int n = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                n++;
            }
            inWord = !space;
        }
        return n;
    }

    /** A plausible log-probability for a token chosen at a position: from -2.5 to just below 0, likely near 0. */
    static double logprob(String token, int position) {
        double u = unit(token.hashCode() * 31L + position);
        return round(-0.0001 - 2.5 * u * u * u);
    }

    /**
     * The {@code k} most likely tokens at a position, the chosen token first (as greedy decoding picks it), each
     * with a lower log-probability than the one before.
     */
    static List<Alternative> top(String token, int position, int k) {
        return top(token, position, k, logprob(token, position));
    }

    /** As {@link #top(String, int, int)}, with the chosen token's log-probability given. */
    static List<Alternative> top(String token, int position, int k, double chosen) {
        List<Alternative> out = new ArrayList<>();
        if (k <= 0) {
            return out;
        }
        double lp = chosen;
        out.add(new Alternative(token, lp));
        int start = Math.floorMod(token.hashCode() + position, ALTERNATIVES.size());
        for (int i = 0; out.size() < k && i < ALTERNATIVES.size(); i++) {
            String alt = ALTERNATIVES.get((start + i) % ALTERNATIVES.size());
            if (!alt.equals(token)) {
                lp = round(lp - 0.5 - 2 * unit(alt.hashCode() * 17L + position));
                out.add(new Alternative(alt, lp));
            }
        }
        return out;
    }

    /** A token and its log-probability. */
    record Alternative(String token, double logprob) {}

    /** The UTF-8 bytes of a token as numbers from 0 to 255, as OpenAI's {@code bytes} lists them. */
    static List<Integer> bytes(String token) {
        byte[] raw = token.getBytes(StandardCharsets.UTF_8);
        List<Integer> out = new ArrayList<>(raw.length);
        for (byte b : raw) {
            out.add(b & 0xff);
        }
        return out;
    }

    /**
     * A unit vector for a text: the sum of one pseudo-random vector per lower-cased word, normalised, so that texts
     * sharing words are close (cosine similarity) and equal texts are equal.
     */
    static float[] embedding(String text, int dimensions) {
        double[] sum = new double[dimensions];
        List<String> words = new ArrayList<>();
        for (String t : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!t.isEmpty()) {
                words.add(t);
            }
        }
        if (words.isEmpty()) {
            words.add(text);
        }
        for (String w : words) {
            SplittableRandom random = new SplittableRandom(w.hashCode() * 0x9E3779B97F4A7C15L);
            for (int i = 0; i < dimensions; i++) {
                sum[i] += random.nextDouble(-1, 1);
            }
        }
        double norm = 0;
        for (double v : sum) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            out[i] = norm == 0 ? 0f : (float) (sum[i] / norm);
        }
        return out;
    }

    /** A vector as OpenAI's {@code encoding_format: "base64"} sends it: little-endian float32, base64. */
    static String base64(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            buffer.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    /** A number in {@code [0, 1)} from a seed, the same for the same seed. */
    static double unit(long seed) {
        return new SplittableRandom(seed).nextDouble();
    }

    private static double round(double value) {
        return Math.round(value * 1e8) / 1e8;
    }
}
