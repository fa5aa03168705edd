package dev.evals4j.core.results;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.EvalSample;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.internal.KnownSecrets;
import dev.evals4j.core.text.JsonErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The one reader and writer of the files a run and a job write. Whole files ({@code run.json},
 * {@code results.json}, {@code job.json}) are written to a temporary file and renamed into place, so a reader (or
 * a crash) never sees half a file. What evals4j writes, it reads back, however long a value: no length limit
 * applies to strings or documents. Known secret values ({@link KnownSecrets}) never reach a file: they are
 * replaced by {@code ***}.
 */
public final class RunFiles {
    /** The run description. */
    public static final String RUN = "run.json";
    /** The results. */
    public static final String RESULTS = "results.json";
    /** The journal of finished samples. */
    public static final String SAMPLES = "samples.jsonl";
    /**
     * The folder of a run's samples written in parts (a Spark run): {@code part-*.jsonl} files, or {@code part-*}
     * folders that each hold a {@code samples.jsonl}, read in the order of their names.
     */
    public static final String SAMPLE_PARTS = "samples";
    /** A job's state. */
    public static final String JOB = "job.json";
    /** The processes that worked on a run. */
    public static final String SEGMENTS = "segments.json";

    /** The content of {@code segments.json}. */
    record Segments(List<RunSegment> segments) {}

    private static final ObjectMapper MAPPER = JsonMapper.builder(Json.factory())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxDocumentLength(-1)
                        .maxNumberLength(Integer.MAX_VALUE)
                        .maxNestingDepth(10_000)
                        .build());
    }

    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();
    private static final ObjectWriter LINE = MAPPER.writerFor(SampleRecord.class);
    private static final ObjectReader SAMPLE = MAPPER.readerFor(SampleRecord.class);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFiles() {}

    /**
     * A folder for a run without a given one: under {@code dataDir}, named after the time and the dataset
     * ({@code 20261129-201509-capitals}, then {@code -2}, {@code -3} when taken). Not created.
     */
    public static Path newRunFolder(Path dataDir, String datasetId) {
        String name = STAMP.format(LocalDateTime.now()) + "-" + datasetId.replaceAll("[^A-Za-z0-9._-]+", "_");
        Path dir = dataDir.resolve(name);
        for (int i = 2; Files.exists(dir); i++) {
            dir = dataDir.resolve(name + "-" + i);
        }
        return dir;
    }

    /** The mapper these files are bound with (snake_case names, no length limits); for evals4j's own readers. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Builds the writers of the run's files ({@code run.json}, {@code results.json}, {@code segments.json}) ahead of
     * their first use, which would otherwise make them on the thread that starts the run (about 40 ms); the command
     * calls it on a second thread while it starts.
     */
    public static void prepare() {
        for (Class<?> type : List.of(RunFile.class, ResultsFile.class, Segments.class)) {
            PRETTY.forType(type);
        }
    }

    /**
     * Reads {@code run.json} of a run folder.
     *
     * @throws ConfigurationException when the folder holds no run, or the file is not a run description
     */
    public static RunFile readRun(Path runDir) {
        Path file = runDir.resolve(RUN);
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("the folder " + runDir + " holds no run (no " + RUN + ")");
        }
        return read(file, RunFile.class, "a run description");
    }

    /** Writes {@code run.json} into a run folder. */
    public static void writeRun(Path runDir, RunFile run) {
        writeAtomically(runDir.resolve(RUN), run);
    }

    /**
     * Reads {@code results.json} of a run folder.
     *
     * @throws ConfigurationException when the folder has no results, or the file is not a results file
     */
    public static ResultsFile readResults(Path runDir) {
        Path file = runDir.resolve(RESULTS);
        if (!Files.isDirectory(runDir)) {
            throw new ConfigurationException(
                    Files.exists(runDir)
                            ? runDir + " is a file, not a run folder"
                            : "there is no run folder " + runDir);
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(
                    "the folder " + runDir + " has no " + RESULTS + "; the run has not finished");
        }
        return read(file, ResultsFile.class, "an evals4j results file");
    }

    /** Writes {@code results.json} into a run folder. */
    public static void writeResults(Path runDir, ResultsFile results) {
        writeAtomically(runDir.resolve(RESULTS), results);
    }

    /** The segments of a run folder, as a later process reads them; empty when there is no {@code segments.json}. */
    public static List<RunSegment> readSegments(Path runDir) {
        Path file = runDir.resolve(SEGMENTS);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return read(file, Segments.class, "a segments file").segments().stream()
                .map(RunSegment::asEarlier)
                .toList();
    }

    /** Writes {@code segments.json} into a run folder. */
    public static void writeSegments(Path runDir, List<RunSegment> segments) {
        writeAtomically(runDir.resolve(SEGMENTS), new Segments(segments));
    }

    /**
     * Reads a job's {@code job.json}.
     *
     * @throws EvalException when it cannot be read
     */
    public static JobFile readJob(Path file) {
        return read(file, JobFile.class, "a job state file");
    }

    /** Writes a job's {@code job.json}. */
    public static void writeJob(Path file, JobFile job) {
        writeAtomically(file, job);
    }

    /** The line as the data-bound writer writes it, which {@link #sampleLine} matches byte for byte; for tests. */
    static byte[] boundSampleLine(SampleRecord sample) throws JsonProcessingException {
        return LINE.writeValueAsBytes(sample);
    }

    /** One line of {@code samples.jsonl}, without its newline, as UTF-8. */
    public static byte[] sampleLine(SampleRecord sample) {
        LineWriter writer = new LineWriter();
        writer.write(sample);
        return Arrays.copyOf(writer.bytes(), writer.length());
    }

    /**
     * Writes lines of {@code samples.jsonl} into a buffer of its own, reused from line to line: a journal writes a
     * line per sample, a million for a million rows. Not thread-safe.
     */
    public static final class LineWriter {
        private final JsonLine line = new JsonLine();
        private byte[] bytes = new byte[0];
        private int length;

        /**
         * Writes the line of {@code sample}, without its newline, as UTF-8: {@link #bytes()} up to {@link #length()},
         * until the next call.
         */
        public void write(SampleRecord sample) {
            line.reset();
            try {
                SampleLines.write(sample, line);
            } catch (UncheckedIOException e) {
                String why = e.getCause() instanceof JsonProcessingException j
                        ? j.getOriginalMessage()
                        : e.getCause().getMessage();
                throw new EvalException("cannot write a sample of row " + sample.index() + ": " + why, e);
            }
            bytes = line.buffer();
            length = line.length();
            if (KnownSecrets.any()) {
                bytes = KnownSecrets.scrub(new String(bytes, 0, length, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
                length = bytes.length;
            }
        }

        public byte[] bytes() {
            return bytes;
        }

        public int length() {
            return length;
        }
    }

    /**
     * Reads one line of {@code samples.jsonl}.
     *
     * @throws JsonProcessingException when it is not a sample line
     */
    public static SampleRecord readSample(byte[] line, int offset, int length) throws IOException {
        return SAMPLE.readValue(line, offset, length);
    }

    /**
     * The journals of a run folder, in reading order: its {@code samples.jsonl}, or when it has none, the parts in its
     * {@value #SAMPLE_PARTS} folder ({@code part-*.jsonl} files and the {@code samples.jsonl} of {@code part-*}
     * folders, by name); empty when it has neither.
     *
     * @throws EvalException when the parts folder cannot be listed
     */
    public static List<Path> journals(Path runDir) {
        Path single = runDir.resolve(SAMPLES);
        if (Files.exists(single)) {
            return List.of(single);
        }
        Path parts = runDir.resolve(SAMPLE_PARTS);
        if (!Files.isDirectory(parts)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(parts)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(p -> Files.isDirectory(p) ? p.resolve(SAMPLES) : p)
                    .filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
                    .toList();
        } catch (IOException e) {
            throw new EvalException("cannot list " + parts + ": " + e.getMessage(), e);
        }
    }

    /**
     * The samples of a run folder, in the order they finished (for a run written in parts, part by part); the stream
     * reads the journals as it goes, and must be closed. A last line cut short by a crash is left out.
     *
     * @throws ConfigurationException when the folder has no journal
     */
    public static Stream<SampleRecord> readSamples(Path runDir) {
        List<Path> files = journals(runDir);
        if (files.isEmpty()) {
            throw new ConfigurationException("the folder " + runDir + " has no " + SAMPLES);
        }
        if (files.size() == 1) {
            return readJournal(files.get(0));
        }
        // each part is opened when the one before is done, so that one file is open at a time (flatMap would read a
        // whole part ahead when the stream is iterated)
        Parts parts = new Parts(files);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(parts, Spliterator.ORDERED), false)
                .onClose(parts::close);
    }

    /** The samples of several journals, one after another, with one journal open at a time. */
    private static final class Parts implements Iterator<SampleRecord> {
        private final List<Path> files;
        private int next;
        private @Nullable Stream<SampleRecord> open;
        private Iterator<SampleRecord> current = Collections.emptyIterator();

        Parts(List<Path> files) {
            this.files = files;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext()) {
                close();
                if (next == files.size()) {
                    return false;
                }
                open = readJournal(files.get(next++));
                current = open.iterator();
            }
            return true;
        }

        @Override
        public SampleRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }

        void close() {
            if (open != null) {
                Stream<SampleRecord> closing = open;
                open = null;
                current = Collections.emptyIterator();
                closing.close();
            }
        }
    }

    private static Stream<SampleRecord> readJournal(Path file) {
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("the journal " + file + " is gone");
        } catch (IOException e) {
            throw new EvalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Iterator<SampleRecord> lines = new Iterator<>() {
            private SampleRecord next;
            private long number;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    String line;
                    try {
                        line = reader.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
                    }
                    if (line == null) {
                        return false;
                    }
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        next = SAMPLE.readValue(line);
                    } catch (JsonProcessingException e) {
                        if (!peekEnd()) {
                            throw new EvalException(file + " line " + number + " is not a sample: " + describe(e));
                        }
                        return false; // the torn last line of a crash
                    }
                }
                return true;
            }

            private boolean peekEnd() {
                try {
                    return reader.readLine() == null;
                } catch (IOException e) {
                    return false;
                }
            }

            @Override
            public SampleRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                SampleRecord out = next;
                next = null;
                return out;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(lines, Spliterator.ORDERED), false)
                .onClose(() -> {
                    try {
                        reader.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** The samples of a run folder as the API shows them; see {@link #readSamples}. */
    public static Stream<EvalSample> readEvalSamples(Path runDir) {
        return readSamples(runDir).map(SampleRecord::toEvalSample);
    }

    private static <T> T read(Path file, Class<T> type, String what) {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(file + " is not " + what + ": " + describe(e), e);
        } catch (IOException e) {
            throw new EvalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a value as pretty-printed JSON into {@code file} through a temporary file renamed into place.
     *
     * @throws EvalException when the file cannot be written
     */
    public static void writeAtomically(Path file, Object value) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(
                    tmp,
                    (KnownSecrets.scrub(PRETTY.writeValueAsString(value)) + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new EvalException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** What is wrong with the JSON, in words ({@link JsonErrors}), and where. */
    static String describe(JsonProcessingException e) {
        String where = e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
        return JsonErrors.describe(e) + where;
    }
}
