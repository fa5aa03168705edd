package dev.evals4j.core.reports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.evals4j.api.EvalException;
import dev.evals4j.core.internal.JournalLines;
import dev.evals4j.core.internal.SampleKeys;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.results.SampleRecord;
import dev.evals4j.core.text.JsonErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The samples of a journal in dataset order (index, then epoch), each (index, epoch) once — its last line, as a
 * resume reads it. The first pass keeps only each key's line position; the second reads those lines in order.
 */
final class ReportSamples {
    private ReportSamples() {}

    /**
     * Hands each sample of the run folder's journal to {@code consumer}, in (index, epoch) order.
     *
     * @throws EvalException when the journal cannot be read or a line is not a sample
     */
    static long forEach(Path runDir, Consumer<SampleRecord> consumer) {
        Path journal = runDir.resolve(RunFiles.SAMPLES);
        if (!Files.exists(journal)) {
            return 0; // a run that ended before its first sample
        }
        SampleKeys keys = new SampleKeys();
        Lines lines = new Lines();
        JsonFactory factory = RunFiles.mapper().getFactory();
        JournalLines.read(journal, (bytes, length, position, number) -> {
            long index = -1;
            int epoch = 0;
            try (JsonParser p = factory.createParser(bytes, 0, length)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new JournalLines.NotASample("is not a JSON object");
                }
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    JsonToken t = p.nextToken();
                    if (name.equals("index") && t.isNumeric()) {
                        index = p.getLongValue();
                    } else if (name.equals("epoch") && t.isNumeric()) {
                        epoch = p.getIntValue();
                    } else {
                        p.skipChildren();
                    }
                }
            }
            if (index < 0 || index > SampleKeys.MAX_INDEX || epoch < 0 || epoch > SampleKeys.MAX_EPOCH) {
                throw new JournalLines.NotASample("has no valid \"index\" and \"epoch\"");
            }
            lines.put(keys.add(index, epoch), position, length, number);
        });
        int[] order = keys.sortedEntries();
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            for (int entry : order) {
                int length = lines.lengths[entry];
                if (buffer.capacity() < length) {
                    buffer = ByteBuffer.allocate(Math.max(length, buffer.capacity() * 2));
                }
                buffer.clear().limit(length);
                long position = lines.positions[entry];
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, position + buffer.position()) < 0) {
                        throw new EvalException(journal + " changed while it was read");
                    }
                }
                SampleRecord sample;
                try {
                    sample = RunFiles.readSample(buffer.array(), 0, length);
                } catch (JsonProcessingException e) {
                    throw new EvalException(
                            journal + " line " + lines.numbers[entry] + " is not a sample: " + JsonErrors.describe(e),
                            e);
                }
                consumer.accept(sample);
            }
        } catch (IOException e) {
            throw new EvalException("cannot read " + journal + ": " + e.getMessage(), e);
        }
        return order.length;
    }

    /** Where each entry's last line is: its position, length and number. */
    private static final class Lines {
        long[] positions = new long[1024];
        int[] lengths = new int[1024];
        long[] numbers = new long[1024];

        void put(int entry, long position, int length, long number) {
            if (entry >= positions.length) {
                int n = positions.length * 2;
                positions = Arrays.copyOf(positions, n);
                lengths = Arrays.copyOf(lengths, n);
                numbers = Arrays.copyOf(numbers, n);
            }
            positions[entry] = position;
            lengths[entry] = length;
            numbers[entry] = number;
        }
    }
}
