package dev.evals4j.core.run;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.Usage;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.results.ScoreRow;
import dev.evals4j.core.results.UsageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run's {@code samples.jsonl} says of each (sample, epoch), kept compactly for resuming: whether it failed,
 * and per scorer only what the aggregates need (the kind of score, its value or category, a {@code weight}, the
 * judge's tokens), plus the candidate's tokens — not the rows, prompts or answers. A resumed run of 1,000,000
 * samples needs some tens of megabytes for it.
 *
 * <p>The file is read as bytes, line by line; the last line of each (index, epoch) wins. A last line cut short by a
 * crash (no newline, not valid JSON, or torn inside a UTF-8 character) is removed from the file and its sample runs
 * again; a bad line elsewhere is an error that names it. Lines have no length limit.
 */
final class JournalIndex {
    private static final byte NONE = 0;
    private static final byte NUMERIC = 1;
    private static final byte CATEGORY = 2;
    private static final byte UNSCORED = 3;

    private final List<String> scorerIds;
    private final Map<String, Integer> scorerIndex = new HashMap<>();
    private final int epochs;

    // open addressing from key (index * epochs + epoch, plus 1 so that 0 is empty) to entry
    private long[] keys = new long[1024];
    private int[] slots = new int[1024];
    private int size;
    /** The lines read, a (sample, epoch) retried after failing counting once per line. */
    private long lines;

    private final BitSet failed = new BitSet();
    private final byte[][] kinds;
    private final double[][] values;
    private final String[][] categories;
    private final double[][] weights;
    private final long[][] judgeTokens;
    /** Per scorer, the entries whose score was given without an answer ({@link ScoreResult#NO_ANSWER}). */
    private final BitSet[] noAnswer;

    private long[] usage;
    private final Map<String, String> interned = new HashMap<>();

    private JournalIndex(List<String> scorerIds, int epochs) {
        this.scorerIds = List.copyOf(scorerIds);
        this.epochs = epochs;
        for (int i = 0; i < scorerIds.size(); i++) {
            scorerIndex.put(scorerIds.get(i), i);
        }
        int n = scorerIds.size();
        kinds = new byte[n][];
        values = new double[n][];
        categories = new String[n][];
        weights = new double[n][];
        judgeTokens = new long[n][];
        noAnswer = new BitSet[n];
        for (int s = 0; s < n; s++) {
            noAnswer[s] = new BitSet();
            kinds[s] = new byte[256];
            values[s] = new double[256];
        }
    }

    /** An index of nothing, for a run that starts afresh. */
    static JournalIndex empty(List<String> scorerIds, int epochs) {
        return new JournalIndex(scorerIds, epochs);
    }

    /**
     * Reads a journal, removing a torn last line from the file.
     *
     * @throws EvalException when a line other than the last is not a sample line
     */
    static JournalIndex read(Path journal, List<String> scorerIds, int epochs) {
        JournalIndex index = new JournalIndex(scorerIds, epochs);
        long goodBytes = 0;
        long lineNumber = 0;
        ObjectMapper mapper = RunFiles.mapper();
        JsonFactory factory = mapper.getFactory();
        byte[] line = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(journal)) {
            byte[] buffer = new byte[1 << 16];
            int length = 0;
            boolean pendingError = false;
            String pendingMessage = null;
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] != '\n') {
                        continue;
                    }
                    int part = i - start;
                    if (length + part > line.length) {
                        line = Arrays.copyOf(line, Math.max(line.length * 2, length + part));
                    }
                    System.arraycopy(buffer, start, line, length, part);
                    length += part;
                    start = i + 1;
                    lineNumber++;
                    if (pendingError) {
                        throw new EvalException(pendingMessage);
                    }
                    try {
                        index.add(factory, mapper, line, length);
                    } catch (JsonProcessingException e) {
                        // a bad line is an error unless it is the last one (torn by a crash while written)
                        pendingError = true;
                        pendingMessage = journal + " line " + lineNumber + " is not valid JSON, so the run cannot be"
                                + " resumed safely: " + describe(e);
                        length = 0;
                        continue;
                    } catch (BadLine e) {
                        throw new EvalException(journal + " line " + lineNumber + " " + e.getMessage());
                    }
                    goodBytes += length + 1;
                    length = 0;
                }
                int rest = read - start;
                if (length + rest > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, length + rest));
                }
                System.arraycopy(buffer, start, line, length, rest);
                length += rest;
            }
            if (pendingError && length > 0) {
                throw new EvalException(pendingMessage);
            }
            // a final line without its newline was cut short: its sample runs again
        } catch (NoSuchFileException e) {
            return index;
        } catch (IOException e) {
            throw new EvalException("cannot read the journal " + journal + ": " + e.getMessage(), e);
        }
        truncate(journal, goodBytes);
        return index;
    }

    private static String describe(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        int cut = m.indexOf("\n at [Source");
        return cut >= 0 ? m.substring(0, cut) : m;
    }

    /** A line that is JSON but not a sample line. */
    private static final class BadLine extends Exception {
        private static final long serialVersionUID = 1L;

        BadLine(String message) {
            super(message, null, false, false);
        }
    }

    private void add(JsonFactory factory, ObjectMapper mapper, byte[] line, int length) throws IOException, BadLine {
        boolean blank = true;
        for (int i = 0; i < length && blank; i++) {
            blank = line[i] == ' ' || line[i] == '\t' || line[i] == '\r';
        }
        if (blank) {
            return;
        }
        lines++;
        long sampleIndex = -1;
        int epoch = 0;
        boolean isFailure = false;
        Map<String, ScoreRow> rows = new HashMap<>();
        Usage used = null;
        try (JsonParser p = factory.createParser(line, 0, length)) {
            p.setCodec(mapper);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadLine("is not a JSON object");
            }
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "index" -> {
                        if (!t.isNumeric()) {
                            throw new BadLine("has an \"index\" that is not a number");
                        }
                        sampleIndex = p.getLongValue();
                    }
                    case "epoch" -> epoch = t.isNumeric() ? p.getIntValue() : 0;
                    case "error" -> {
                        isFailure = t != JsonToken.VALUE_NULL;
                        p.skipChildren();
                    }
                    case "scores" -> {
                        if (t != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            continue;
                        }
                        for (String id = p.nextFieldName(); id != null; id = p.nextFieldName()) {
                            p.nextToken();
                            if (scorerIndex.containsKey(id)) {
                                rows.put(id, mapper.readValue(p, ScoreRow.class));
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    case "generation" -> {
                        if (t != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            continue;
                        }
                        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                            JsonToken v = p.nextToken();
                            if (field.equals("usage") && v == JsonToken.START_OBJECT) {
                                used = mapper.readValue(p, UsageRecord.class).usage();
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        if (sampleIndex < 0) {
            throw new BadLine("has no \"index\"");
        }
        if (epoch < 0 || epoch >= epochs) {
            return; // an epoch this run does not have
        }
        int entry = entryFor(sampleIndex, epoch);
        failed.set(entry, isFailure);
        for (int s = 0; s < scorerIds.size(); s++) {
            ScoreRow row = isFailure ? null : rows.get(scorerIds.get(s));
            set(s, entry, row);
        }
        if (used != null || usage != null) {
            if (usage == null) {
                usage = new long[1024];
                Arrays.fill(usage, -1);
            }
            ensureUsage(entry);
            usage[2 * entry] = used == null ? -1 : used.promptTokens();
            usage[2 * entry + 1] = used == null ? -1 : used.completionTokens();
        }
    }

    private void ensureUsage(int entry) {
        if (2 * entry + 1 >= usage.length) {
            int old = usage.length;
            usage = Arrays.copyOf(usage, Math.max(old * 2, 2 * entry + 2));
            Arrays.fill(usage, old, usage.length, -1);
        }
    }

    private void set(int s, int entry, ScoreRow row) {
        ensure(s, entry);
        Optional<ScoreResult> result = row == null ? Optional.empty() : row.result();
        if (result.isEmpty()) {
            kinds[s][entry] = NONE;
            noAnswer[s].clear(entry);
            return;
        }
        ScoreResult r = result.get();
        noAnswer[s].set(entry, r.noAnswer());
        if (r instanceof ScoreResult.Numeric n) {
            kinds[s][entry] = NUMERIC;
            values[s][entry] = n.value();
        } else if (r instanceof ScoreResult.Categorical c) {
            kinds[s][entry] = CATEGORY;
            if (categories[s] == null) {
                categories[s] = new String[kinds[s].length];
            }
            categories[s][entry] = interned.computeIfAbsent(c.category(), k -> k);
        } else {
            kinds[s][entry] = UNSCORED;
        }
        if (r.details().get("weight") instanceof Number w) {
            if (weights[s] == null) {
                weights[s] = new double[kinds[s].length];
                Arrays.fill(weights[s], Double.NaN);
            }
            weights[s][entry] = w.doubleValue();
        } else if (weights[s] != null) {
            weights[s][entry] = Double.NaN;
        }
        if (r.judgeUsage().isPresent()) {
            if (judgeTokens[s] == null) {
                judgeTokens[s] = new long[2 * kinds[s].length];
                Arrays.fill(judgeTokens[s], -1);
            }
            judgeTokens[s][2 * entry] = r.judgeUsage().get().promptTokens();
            judgeTokens[s][2 * entry + 1] = r.judgeUsage().get().completionTokens();
        } else if (judgeTokens[s] != null) {
            judgeTokens[s][2 * entry] = -1;
        }
    }

    private void ensure(int s, int entry) {
        if (entry < kinds[s].length) {
            return;
        }
        int n = Math.max(kinds[s].length * 2, entry + 1);
        kinds[s] = Arrays.copyOf(kinds[s], n);
        values[s] = Arrays.copyOf(values[s], n);
        if (categories[s] != null) {
            categories[s] = Arrays.copyOf(categories[s], n);
        }
        if (weights[s] != null) {
            int old = weights[s].length;
            weights[s] = Arrays.copyOf(weights[s], n);
            Arrays.fill(weights[s], old, n, Double.NaN);
        }
        if (judgeTokens[s] != null) {
            int old = judgeTokens[s].length;
            judgeTokens[s] = Arrays.copyOf(judgeTokens[s], 2 * n);
            Arrays.fill(judgeTokens[s], old, 2 * n, -1);
        }
    }

    private long key(long sampleIndex, int epoch) {
        return sampleIndex * epochs + epoch + 1;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The entry of a key, added when new. */
    private int entryFor(long sampleIndex, int epoch) {
        long key = key(sampleIndex, epoch);
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return slots[i];
            }
            if (keys[i] == 0) {
                keys[i] = key;
                slots[i] = size;
                size++;
                if (size * 2 > keys.length) {
                    grow();
                }
                return size - 1;
            }
        }
    }

    private int find(long sampleIndex, int epoch) {
        if (epoch < 0 || epoch >= epochs) {
            return -1;
        }
        long key = key(sampleIndex, epoch);
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return slots[i];
            }
            if (keys[i] == 0) {
                return -1;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldSlots = slots;
        keys = new long[oldKeys.length * 2];
        slots = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            long key = oldKeys[j];
            if (key == 0) {
                continue;
            }
            int i = hash(key) & mask;
            while (keys[i] != 0) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            slots[i] = oldSlots[j];
        }
    }

    /** How many lines the journal holds: every evaluation an earlier process wrote. */
    long lines() {
        return lines;
    }

    /** How many (sample, epoch) the journal holds as finished without failing. */
    long finished() {
        return size - failed.cardinality();
    }

    /** What a (sample, epoch) produced, when the journal holds it as finished without failing. */
    Optional<SampleOutcome> finished(long sampleIndex, int epoch) {
        int entry = find(sampleIndex, epoch);
        if (entry < 0 || failed.get(entry)) {
            return Optional.empty();
        }
        Map<String, Optional<ScoreResult>> scores = new LinkedHashMap<>();
        for (int s = 0; s < scorerIds.size(); s++) {
            scores.put(scorerIds.get(s), result(s, entry));
        }
        Optional<Usage> used = usage == null || 2 * entry + 1 >= usage.length || usage[2 * entry] < 0
                ? Optional.empty()
                : Optional.of(new Usage(usage[2 * entry], usage[2 * entry + 1]));
        return Optional.of(new SampleOutcome(false, scores, used));
    }

    private Optional<ScoreResult> result(int s, int entry) {
        byte kind = entry < kinds[s].length ? kinds[s][entry] : NONE;
        if (kind == NONE) {
            return Optional.empty();
        }
        Map<String, Object> details = new HashMap<>(2);
        if (weights[s] != null && !Double.isNaN(weights[s][entry])) {
            details.put("weight", weights[s][entry]);
        }
        if (noAnswer[s].get(entry)) {
            details.put(ScoreResult.NO_ANSWER, true);
        }
        ScoreResult r =
                switch (kind) {
                    case NUMERIC -> new ScoreResult.Numeric(values[s][entry], details);
                    case CATEGORY -> new ScoreResult.Categorical(categories[s][entry], details);
                    default -> new ScoreResult.Unscored("unscored", details);
                };
        if (judgeTokens[s] != null && judgeTokens[s][2 * entry] >= 0) {
            r = r.withJudgeUsage(new Usage(judgeTokens[s][2 * entry], judgeTokens[s][2 * entry + 1]));
        }
        return Optional.of(r);
    }

    private static void truncate(Path journal, long goodBytes) {
        try (RandomAccessFile file = new RandomAccessFile(journal.toFile(), "rw")) {
            if (file.length() > goodBytes) {
                file.setLength(goodBytes);
            }
        } catch (IOException e) {
            throw new EvalException("cannot repair the journal " + journal + ": " + e.getMessage(), e);
        }
    }
}
