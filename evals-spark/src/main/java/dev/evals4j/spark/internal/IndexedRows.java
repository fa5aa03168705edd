package dev.evals4j.spark.internal;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * A dataset's rows keyed by their index (their position in the dataset, from 0: partition by partition, in order),
 * and how many there are. Like {@code zipWithIndex}, it counts each partition's rows in one pass first; unlike it, it
 * keeps the total.
 *
 * @param rows each row under its index, in the input's partitions
 * @param count the number of rows
 */
record IndexedRows(JavaPairRDD<Long, Row> rows, long count) {

    static IndexedRows of(JavaRDD<Row> input) {
        List<Long> sizes = input.mapPartitionsWithIndex(
                        (partition, rows) -> {
                            long n = 0;
                            while (rows.hasNext()) {
                                rows.next();
                                n++;
                            }
                            return Collections.singletonList(n).iterator();
                        },
                        true)
                .collect();
        long[] starts = new long[sizes.size()];
        long total = 0;
        for (int p = 0; p < sizes.size(); p++) {
            starts[p] = total;
            total += sizes.get(p);
        }
        JavaRDD<Tuple2<Long, Row>> indexed = input.mapPartitionsWithIndex(
                (partition, rows) -> {
                    long first = starts[partition];
                    return new Iterator<Tuple2<Long, Row>>() {
                        private long next = first;

                        @Override
                        public boolean hasNext() {
                            return rows.hasNext();
                        }

                        @Override
                        public Tuple2<Long, Row> next() {
                            return new Tuple2<>(next++, rows.next());
                        }
                    };
                },
                true);
        return new IndexedRows(JavaPairRDD.fromJavaRDD(indexed), total);
    }
}
