package dev.evals4j.core.internal;

import java.util.Arrays;

/**
 * The (sample index, epoch) keys of a journal, each given a dense entry number from 0 in the order first seen, so
 * that readers can keep what they need per key in plain arrays. An open-addressing table of primitives: some 30
 * bytes per key, against hundreds for a map of boxed keys. Not thread-safe.
 */
public final class SampleKeys {
    /** The largest epoch a key can hold. */
    public static final int MAX_EPOCH = (1 << 20) - 1;
    /** The largest sample index a key can hold. */
    public static final long MAX_INDEX = (Long.MAX_VALUE >>> 20) - 1;

    // open addressing from the packed key plus 1 (so that 0 is empty) to the entry
    private long[] table = new long[1024];
    private int[] slots = new int[1024];
    private long[] packed = new long[512]; // by entry
    private int size;

    /** The entry of (index, epoch), added when new. */
    public int add(long index, int epoch) {
        long key = pack(index, epoch);
        int mask = table.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            if (table[i] == key) {
                return slots[i];
            }
            if (table[i] == 0) {
                table[i] = key;
                slots[i] = size;
                if (size == packed.length) {
                    packed = Arrays.copyOf(packed, size * 2);
                }
                packed[size] = key;
                size++;
                if (size * 2 > table.length) {
                    grow();
                }
                return size - 1;
            }
        }
    }

    /** The entry of (index, epoch), or -1 when absent. */
    public int find(long index, int epoch) {
        if (index < 0 || index > MAX_INDEX || epoch < 0 || epoch > MAX_EPOCH) {
            return -1;
        }
        long key = pack(index, epoch);
        int mask = table.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            if (table[i] == key) {
                return slots[i];
            }
            if (table[i] == 0) {
                return -1;
            }
        }
    }

    /** How many keys there are; entries are numbered from 0 to {@code size() - 1}. */
    public int size() {
        return size;
    }

    /** The sample index of an entry. */
    public long index(int entry) {
        return (packed[entry] - 1) >>> 20;
    }

    /** The epoch of an entry. */
    public int epoch(int entry) {
        return (int) ((packed[entry] - 1) & MAX_EPOCH);
    }

    /** The entries ordered by sample index, then epoch. */
    public int[] sortedEntries() {
        long[] keys = Arrays.copyOf(packed, size);
        Arrays.sort(keys);
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = find((keys[i] - 1) >>> 20, (int) ((keys[i] - 1) & MAX_EPOCH));
        }
        return out;
    }

    private static long pack(long index, int epoch) {
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("a sample index must be between 0 and " + MAX_INDEX + ", was " + index);
        }
        if (epoch < 0 || epoch > MAX_EPOCH) {
            throw new IllegalArgumentException("an epoch must be between 0 and " + MAX_EPOCH + ", was " + epoch);
        }
        return ((index << 20) | epoch) + 1;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void grow() {
        long[] oldTable = table;
        int[] oldSlots = slots;
        table = new long[oldTable.length * 2];
        slots = new int[oldTable.length * 2];
        int mask = table.length - 1;
        for (int j = 0; j < oldTable.length; j++) {
            long key = oldTable[j];
            if (key == 0) {
                continue;
            }
            int i = hash(key) & mask;
            while (table[i] != 0) {
                i = (i + 1) & mask;
            }
            table[i] = key;
            slots[i] = oldSlots[j];
        }
    }
}
