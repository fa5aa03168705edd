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
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The samples of a journal in dataset order (index, then epoch), each (index, epoch) once — its last line, as a
 * resume reads it. The first pass keeps only each key's line position; the second reads those lines in order. A run
 * written in parts (see {@link RunFiles#journals}) is read as one journal, its parts in order.
 */
final class ReportSamples {
    private ReportSamples() {}

    /**
     * Hands each sample of the run folder's journal to {@code consumer}, in (index, epoch) order.
     *
     * @throws EvalException when the journal cannot be read or a line is not a sample
     */
    static long forEach(Path runDir, Consumer<SampleRecord> consumer) {
        List<Path> journals = RunFiles.journals(runDir);
        if (journals.isEmpty()) {
            return 0; // a run that ended before its first sample
        }
        SampleKeys keys = new SampleKeys();
        Lines lines = new Lines();
        JsonFactory factory = RunFiles.mapper().getFactory();
        for (int f = 0; f < journals.size(); f++) {
            int file = f;
            readKeys(
                    journals.get(f),
                    factory,
                    (index, epoch, position, length, number) ->
                            lines.put(keys.add(index, epoch), file, position, length, number));
        }
        int[] order = keys.sortedEntries();
        FileChannel[] channels = new FileChannel[journals.size()];
        try {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            for (int entry : order) {
                int file = lines.files[entry];
                Path journal = journals.get(file);
                if (channels[file] == null) {
                    channels[file] = FileChannel.open(journal, StandardOpenOption.READ);
                }
                FileChannel channel = channels[file];
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
            throw new EvalException("cannot read the journals of " + runDir + ": " + e.getMessage(), e);
        } finally {
            for (FileChannel c : channels) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // only read from
                    }
                }
            }
        }
        return order.length;
    }

    /** Where the line of a key is. */
    @FunctionalInterface
    private interface KeyLine {
        void at(long index, int epoch, long position, int length, long number);
    }

    /** Reads the (index, epoch) of each line of a journal. */
    private static void readKeys(Path journal, JsonFactory factory, KeyLine found) {
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
            found.at(index, epoch, position, length, number);
        });
    }

    /** Where each entry's last line is: its journal, position, length and number. */
    private static final class Lines {
        int[] files = new int[1024];
        long[] positions = new long[1024];
        int[] lengths = new int[1024];
        long[] numbers = new long[1024];

        void put(int entry, int file, long position, int length, long number) {
            if (entry >= positions.length) {
                int n = Math.max(positions.length * 2, entry + 1);
                files = Arrays.copyOf(files, n);
                positions = Arrays.copyOf(positions, n);
                lengths = Arrays.copyOf(lengths, n);
                numbers = Arrays.copyOf(numbers, n);
            }
            files[entry] = file;
            positions[entry] = position;
            lengths[entry] = length;
            numbers[entry] = number;
        }
    }
}
