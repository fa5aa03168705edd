package dev.evals4j.hf.bench;

import dev.evals4j.hf.fixtures.ParquetFixtures;
import dev.evals4j.hf.parquet.ParquetRowReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Measures how fast {@link ParquetRowReader} turns a large Parquet file into rows, touching every column of every
 * row, and how much heap that takes. Writes the file first (1,000,000 rows of a multiple-choice benchmark's shape,
 * with a list and a struct column) unless it exists. Not a test: run it by hand, with a small heap to show that
 * reading streams (see docs/benchmarks.md):
 *
 * <pre>
 * mvn -q -pl evals-hf -am test-compile
 * mvn -q -pl evals-hf dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx256m -cp evals-hf/target/test-classes:evals-hf/target/classes:$(cat evals-hf/target/cp.txt) \
 *     dev.evals4j.hf.bench.ParquetReadBenchmark evals-hf/target/bench 1000000 snappy 3
 * </pre>
 */
public final class ParquetReadBenchmark {
    private ParquetReadBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench");
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        CompressionCodecName codec =
                CompressionCodecName.valueOf((args.length > 2 ? args[2] : "snappy").toUpperCase(Locale.ROOT));
        int passes = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Files.createDirectories(dir);
        Path file = dir.resolve("bench-" + rows + "-" + codec.name().toLowerCase(Locale.ROOT) + ".parquet");
        if (!Files.exists(file)) {
            long start = System.nanoTime();
            // 16 MB row groups: several per file, as the Hub's exports have
            ParquetFixtures.writeBenchmark(file, rows, codec, 16L * 1024 * 1024);
            System.out.printf(
                    Locale.ROOT,
                    "wrote %s (%,d bytes) in %.1f s%n",
                    file,
                    Files.size(file),
                    (System.nanoTime() - start) / 1e9);
        }
        System.out.printf(
                Locale.ROOT,
                "java %s, max heap %d MB, %d processors%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                Runtime.getRuntime().availableProcessors());
        for (int pass = 1; pass <= passes; pass++) {
            long start = System.nanoTime();
            long count = 0;
            long checksum = 0;
            try (ParquetRowReader reader =
                    ParquetRowReader.open(file, file.getFileName().toString())) {
                for (Optional<Map<String, Object>> row = reader.next(); row.isPresent(); row = reader.next()) {
                    checksum += touch(row.get());
                    count++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "pass %d: %,d rows in %.2f s = %,.0f rows/s (checksum %d), live heap after" + " GC %d MB%n",
                    pass,
                    count,
                    seconds,
                    count / seconds,
                    checksum,
                    liveHeapMb());
        }
    }

    /** Reads every column, so that no conversion can be skipped. */
    private static long touch(Map<String, Object> row) {
        long sum = (Long) row.get("id") + ((String) row.get("question")).length() + (Integer) row.get("answer");
        for (Object option : (List<?>) row.get("options")) {
            sum += ((String) option).length();
        }
        sum += (long) ((Double) row.get("score") * 10);
        Map<?, ?> meta = (Map<?, ?>) row.get("meta");
        return sum + ((String) meta.get("src")).length() + (Integer) meta.get("n");
    }

    private static long liveHeapMb() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
    }
}
