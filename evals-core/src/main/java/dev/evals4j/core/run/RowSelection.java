package dev.evals4j.core.run;

import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.spi.RowReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Random;

/**
 * Which rows of a dataset a run takes: all, the first {@code limit}, or {@code limit} rows drawn at random with a
 * seed (reservoir sampling, so only the drawn rows are held in memory; they keep their dataset order and index).
 */
public record RowSelection(long limit, Optional<Long> seed) {
    /** Every row. */
    public static final RowSelection ALL = new RowSelection(-1, Optional.empty());

    public RowSelection {
        if (limit < -1 || limit == 0) {
            throw new IllegalArgumentException("limit must be at least 1 (or -1 for all rows), was " + limit);
        }
        if (seed.isPresent() && limit < 0) {
            throw new IllegalArgumentException("a random sample needs a limit: how many rows to draw");
        }
    }

    /** Applies the selection to a reader, which the caller still closes. */
    public Iterator<DatasetSample> apply(RowReader reader) {
        if (seed.isPresent()) {
            return sample(reader, (int) Math.min(limit, Integer.MAX_VALUE - 8), seed.get())
                    .iterator();
        }
        return new Iterator<>() {
            private long index;
            private DatasetSample next;

            @Override
            public boolean hasNext() {
                if (next == null && (limit < 0 || index < limit)) {
                    Optional<Map<String, Object>> row = reader.next();
                    if (row.isPresent()) {
                        next = new DatasetSample(index++, row.get());
                    }
                }
                return next != null;
            }

            @Override
            public DatasetSample next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                DatasetSample out = next;
                next = null;
                return out;
            }
        };
    }

    private static List<DatasetSample> sample(RowReader reader, int k, long seed) {
        Random random = new Random(seed);
        List<DatasetSample> reservoir = new ArrayList<>();
        long index = 0;
        for (Optional<Map<String, Object>> row = reader.next(); row.isPresent(); row = reader.next(), index++) {
            if (reservoir.size() < k) {
                reservoir.add(new DatasetSample(index, row.get()));
            } else {
                long j = (long) (random.nextDouble() * (index + 1));
                if (j < k) {
                    reservoir.set((int) j, new DatasetSample(index, row.get()));
                }
            }
        }
        reservoir.sort(Comparator.comparingLong(DatasetSample::index));
        return reservoir;
    }
}
