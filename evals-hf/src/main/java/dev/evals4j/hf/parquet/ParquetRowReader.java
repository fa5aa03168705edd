package dev.evals4j.hf.parquet;

import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.spi.RowReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the rows of a local Parquet file one row group at a time, so memory holds one row group however large the
 * file is. Nested columns become lists and maps (see the module's {@code docs/hf.md} for every type). Not
 * thread-safe.
 */
public final class ParquetRowReader implements RowReader {
    private final ParquetFileReader reader;
    private final String source;
    private final MessageColumnIO columnIO;
    private final RowMaterializer materializer;
    private PageReadStore rowGroup;
    private RecordReader<Map<String, Object>> records;
    private long rowsLeftInGroup;
    private long row;

    private ParquetRowReader(ParquetFileReader reader, String source) {
        this.reader = reader;
        this.source = source;
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        this.columnIO = new ColumnIOFactory().getColumnIO(schema);
        this.materializer = new RowMaterializer(schema);
    }

    /**
     * Opens a Parquet file.
     *
     * @param source how messages name the file, such as {@code owner/name data/test-00000-of-00001.parquet}
     * @throws DatasetLoadException when the file is missing or is not a Parquet file
     */
    public static ParquetRowReader open(Path file, String source) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(source, "source");
        if (!Files.isRegularFile(file)) {
            throw new DatasetLoadException("cannot read " + source + ": no such file " + file);
        }
        checkMagic(file, source);
        ParquetReadOptions options =
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        try {
            return new ParquetRowReader(ParquetFileReader.open(new LocalInputFile(file), options), source);
        } catch (IOException | RuntimeException e) {
            throw new DatasetLoadException("cannot read " + source + " as Parquet: " + describe(e), e);
        }
    }

    /** Fails with a readable message for what is often an error page saved under a Parquet name. */
    private static void checkMagic(Path file, String source) {
        byte[] head = new byte[64];
        byte[] tail = new byte[4];
        long size;
        int read;
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            size = channel.size();
            read = Math.max(0, channel.read(ByteBuffer.wrap(head)));
            if (size >= 12) {
                channel.position(size - 4);
                channel.read(ByteBuffer.wrap(tail));
            }
        } catch (IOException e) {
            throw new DatasetLoadException("cannot read " + source + ": " + describe(e), e);
        }
        byte[] magic = {'P', 'A', 'R', '1'};
        if (size < 12 || !Arrays.equals(Arrays.copyOf(head, 4), magic) || !Arrays.equals(tail, magic)) {
            String start = new String(head, 0, read, StandardCharsets.UTF_8)
                    .replaceAll("\\s+", " ")
                    .strip();
            throw new DatasetLoadException("cannot read " + source + ": " + file + " is not a Parquet file (" + size
                    + " bytes" + (start.isEmpty() ? "" : ", starting with \"" + start + "\"") + ")");
        }
    }

    /** The number of rows the file's footer declares. */
    public long rowCount() {
        return reader.getRecordCount();
    }

    @Override
    public Optional<Map<String, Object>> next() {
        try {
            while (rowsLeftInGroup == 0) {
                if (rowGroup != null) {
                    rowGroup.close();
                    rowGroup = null;
                }
                PageReadStore next = reader.readNextRowGroup();
                if (next == null) {
                    return Optional.empty();
                }
                rowGroup = next;
                rowsLeftInGroup = next.getRowCount();
                records = columnIO.getRecordReader(next, materializer);
            }
            Map<String, Object> record = records.read();
            rowsLeftInGroup--;
            row++;
            return Optional.of(record);
        } catch (IOException | RuntimeException e) {
            throw new DatasetLoadException("cannot read " + source + " at row " + (row + 1) + ": " + describe(e), e);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message != null && !message.isBlank() ? " (" + message + ")" : "");
    }

    @Override
    public String location() {
        return source + " row " + row;
    }

    @Override
    public void close() {
        try {
            if (rowGroup != null) {
                rowGroup.close();
                rowGroup = null;
            }
            reader.close();
        } catch (IOException e) {
            throw new DatasetLoadException("cannot close " + source + ": " + describe(e), e);
        }
    }
}
