package dev.evals4j.core.text;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code random.Random}: the Mersenne Twister (MT19937) seeded as CPython 3 seeds it from an int or a str,
 * with {@code getrandbits}, {@code randint}, {@code random} and {@code sample} drawing exactly what Python draws, so
 * that a published scorer's "random" guesses and a harness's seeded shuffles are reproduced. Not thread-safe.
 */
public final class PyRandom {
    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int index = N;

    private PyRandom(int[] key) {
        initByArray(key);
    }

    /** {@code random.Random(seed)} for an int seed. */
    public static PyRandom seeded(long seed) {
        return seeded(BigInteger.valueOf(seed));
    }

    /** {@code random.Random(seed)} for an int seed of any size. */
    public static PyRandom seeded(BigInteger seed) {
        BigInteger a = seed.abs();
        List<Integer> words = new ArrayList<>();
        BigInteger mask = BigInteger.valueOf(0xffffffffL);
        while (a.signum() > 0) {
            words.add(a.and(mask).intValue());
            a = a.shiftRight(32);
        }
        if (words.isEmpty()) {
            words.add(0);
        }
        int[] key = new int[words.size()];
        for (int k = 0; k < key.length; k++) {
            key[k] = words.get(k);
        }
        return new PyRandom(key);
    }

    /** {@code random.Random(seed)} for a str seed (version 2: the text's UTF-8 bytes and their SHA-512). */
    public static PyRandom seeded(String seed) {
        byte[] text = seed.getBytes(StandardCharsets.UTF_8);
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-512").digest(text);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JVM", e);
        }
        byte[] all = new byte[text.length + digest.length];
        System.arraycopy(text, 0, all, 0, text.length);
        System.arraycopy(digest, 0, all, text.length, digest.length);
        return seeded(new BigInteger(1, all));
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000;
        index = N;
    }

    private int next32() {
        if (index >= N) {
            for (int kk = 0; kk < N; kk++) {
                int y = (mt[kk] & 0x80000000) | (mt[(kk + 1) % N] & 0x7fffffff);
                mt[kk] = mt[(kk + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** {@code getrandbits(k)} for 1 ≤ k ≤ 32. */
    public long getrandbits(int k) {
        if (k < 1 || k > 32) {
            throw new IllegalArgumentException("k must be 1..32, was " + k);
        }
        return (next32() & 0xffffffffL) >>> (32 - k);
    }

    /** {@code random()}: a double in [0, 1) from 53 random bits. */
    public double random() {
        long a = (next32() & 0xffffffffL) >>> 5;
        long b = (next32() & 0xffffffffL) >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /** {@code _randbelow(n)} for {@code 1 <= n < 2^32}: a uniform int in {@code [0, n)}. */
    public int randbelow(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        int k = 32 - Integer.numberOfLeadingZeros(n);
        long r = getrandbits(k);
        while (r >= n) {
            r = getrandbits(k);
        }
        return (int) r;
    }

    /** {@code randint(a, b)}: a uniform int in [a, b]. */
    public int randint(int a, int b) {
        if (b < a) {
            throw new IllegalArgumentException("empty range for randint(" + a + ", " + b + ")");
        }
        return a + randbelow(b - a + 1);
    }

    /** {@code sample(range(n), k)}: k distinct ints of [0, n), in Python's order. */
    public List<Integer> sampleRange(int n, int k) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("sample larger than population or is negative");
        }
        List<Integer> result = new ArrayList<>(k);
        int setsize = 21;
        if (k > 5) {
            setsize += (int) Math.pow(4, Math.ceil(Math.log(k * 3) / Math.log(4)));
        }
        if (n <= setsize) {
            List<Integer> pool = new ArrayList<>(n);
            for (int x = 0; x < n; x++) {
                pool.add(x);
            }
            for (int x = 0; x < k; x++) {
                int j = randbelow(n - x);
                result.add(pool.get(j));
                pool.set(j, pool.get(n - x - 1));
            }
        } else {
            java.util.Set<Integer> selected = new java.util.HashSet<>();
            for (int x = 0; x < k; x++) {
                int j = randbelow(n);
                while (selected.contains(j)) {
                    j = randbelow(n);
                }
                selected.add(j);
                result.add(j);
            }
        }
        return result;
    }
}
