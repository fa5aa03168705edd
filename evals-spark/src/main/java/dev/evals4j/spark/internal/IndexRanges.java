package dev.evals4j.spark.internal;

import org.apache.spark.Partitioner;

/**
 * Splits rows by their index into consecutive ranges of about equal size: row {@code i} of {@code n} goes to partition
 * {@code i * partitions / n}. The same rows always go to the same partition, so a retried part, or a run started again
 * into its folder, finds its journal's rows.
 */
final class IndexRanges extends Partitioner {
    private static final long serialVersionUID = 1L;

    private final int partitions;
    private final long rows;

    IndexRanges(int partitions, long rows) {
        if (partitions < 1 || rows < 1) {
            throw new IllegalArgumentException(
                    "index ranges need partitions and rows, were " + partitions + ", " + rows);
        }
        this.partitions = partitions;
        this.rows = rows;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        long index = (Long) key;
        if (index >= rows) {
            return partitions - 1;
        }
        // index * partitions fits a long for any index below 2^43 and partitions below 2^20
        return (int) (index * partitions / rows);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexRanges r && r.partitions == partitions && r.rows == rows;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(rows) * 31 + partitions;
    }
}
