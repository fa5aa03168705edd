package dev.evals4j.hf.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Builds rows straight from parquet-java's record assembly: structs become maps (in schema order), lists and
 * repeated fields become lists, maps become maps with string keys, and scalars become the JSON-typed values rows
 * hold. Dates and times become ISO-8601 strings, decimals {@link BigDecimal}s, and binary values without a
 * string annotation base64 strings.
 */
final class RowMaterializer extends RecordMaterializer<Map<String, Object>> {
    private final StructConverter root;
    private Map<String, Object> current;

    RowMaterializer(MessageType schema) {
        this.root = new StructConverter(schema, value -> current = asRow(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asRow(Object value) {
        return (Map<String, Object>) value;
    }

    @Override
    public Map<String, Object> getCurrentRecord() {
        return current;
    }

    @Override
    public GroupConverter getRootConverter() {
        return root;
    }

    /** Where a converter puts the value it finished. */
    @FunctionalInterface
    private interface Sink {
        void accept(Object value);
    }

    private static Converter converterFor(Type type, Sink sink) {
        if (type.isPrimitive()) {
            return new ValueConverter(type.asPrimitiveType(), sink);
        }
        GroupType group = type.asGroupType();
        LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
        if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && isListShaped(group)) {
            return new ListConverter(group, sink);
        }
        if ((annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                        || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation)
                && isMapShaped(group)) {
            return new MapConverter(group, sink);
        }
        return new StructConverter(group, sink);
    }

    private static boolean isListShaped(GroupType group) {
        return group.getFieldCount() == 1 && group.getType(0).isRepetition(Type.Repetition.REPEATED);
    }

    private static boolean isMapShaped(GroupType group) {
        if (group.getFieldCount() != 1
                || !group.getType(0).isRepetition(Type.Repetition.REPEATED)
                || group.getType(0).isPrimitive()) {
            return false;
        }
        int fields = group.getType(0).asGroupType().getFieldCount();
        return fields == 1 || fields == 2;
    }

    /** A struct (and the record itself): a map from field name to value, with empty lists for repeated fields. */
    private static final class StructConverter extends GroupConverter {
        private final Sink sink;
        private final String[] names;
        private final boolean[] repeated;
        private final Converter[] children;
        private final Object[] values;

        StructConverter(GroupType type, Sink sink) {
            this.sink = sink;
            int n = type.getFieldCount();
            this.names = new String[n];
            this.repeated = new boolean[n];
            this.children = new Converter[n];
            this.values = new Object[n];
            for (int i = 0; i < n; i++) {
                Type field = type.getType(i);
                int index = i;
                names[i] = field.getName();
                // a repeated field outside a LIST annotation is a list of its values (the legacy layout)
                repeated[i] = field.isRepetition(Type.Repetition.REPEATED);
                Sink childSink =
                        repeated[i] ? value -> asList(values[index]).add(value) : value -> values[index] = value;
                children[i] = converterFor(field, childSink);
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return children[fieldIndex];
        }

        @Override
        public void start() {
            for (int i = 0; i < values.length; i++) {
                values[i] = repeated[i] ? new ArrayList<>() : null;
            }
        }

        @Override
        public void end() {
            Map<String, Object> map = new LinkedHashMap<>((int) (names.length / 0.75f) + 1);
            for (int i = 0; i < names.length; i++) {
                map.put(names[i], values[i]);
            }
            sink.accept(map);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object value) {
        return (List<Object>) value;
    }

    /**
     * A LIST-annotated group, in the standard three-level layout or any of the older two-level ones, following the
     * backward-compatibility rules of the Parquet format's LogicalTypes.md.
     */
    private static final class ListConverter extends GroupConverter {
        private final Sink sink;
        private final Converter element;
        private List<Object> list;

        ListConverter(GroupType type, Sink sink) {
            this.sink = sink;
            Type repeatedField = type.getType(0);
            Sink add = value -> list.add(value);
            if (isElementItself(type, repeatedField)) {
                this.element = converterFor(repeatedField, add);
            } else {
                this.element = new ElementConverter(repeatedField.asGroupType().getType(0), add);
            }
        }

        private static boolean isElementItself(GroupType list, Type repeatedField) {
            if (repeatedField.isPrimitive()) {
                return true;
            }
            GroupType group = repeatedField.asGroupType();
            return group.getFieldCount() > 1
                    || group.getName().equals("array")
                    || group.getName().equals(list.getName() + "_tuple");
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return element;
        }

        @Override
        public void start() {
            list = new ArrayList<>();
        }

        @Override
        public void end() {
            sink.accept(list);
        }
    }

    /** The repeated middle level of a three-level list: one element each, which may be null. */
    private static final class ElementConverter extends GroupConverter {
        private final Sink sink;
        private final Converter child;
        private Object value;

        ElementConverter(Type elementType, Sink sink) {
            this.sink = sink;
            this.child = converterFor(elementType, v -> value = v);
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return child;
        }

        @Override
        public void start() {
            value = null;
        }

        @Override
        public void end() {
            sink.accept(value);
        }
    }

    /** A MAP-annotated group: a map whose keys are the keys' text, since row keys are strings. */
    private static final class MapConverter extends GroupConverter {
        private final Sink sink;
        private final Converter entries;
        private Map<String, Object> map;

        MapConverter(GroupType type, Sink sink) {
            this.sink = sink;
            this.entries = new EntryConverter(type.getType(0).asGroupType(), (k, v) -> map.put(keyText(k), v));
        }

        private static String keyText(Object key) {
            return key instanceof String s ? s : String.valueOf(key);
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return entries;
        }

        @Override
        public void start() {
            map = new LinkedHashMap<>();
        }

        @Override
        public void end() {
            sink.accept(map);
        }
    }

    /** What an entry converter does with a finished key and value. */
    @FunctionalInterface
    private interface EntrySink {
        void accept(Object key, Object value);
    }

    private static final class EntryConverter extends GroupConverter {
        private final EntrySink sink;
        private final Converter key;
        private final Converter value;
        private Object k;
        private Object v;

        EntryConverter(GroupType type, EntrySink sink) {
            this.sink = sink;
            this.key = converterFor(type.getType(0), x -> k = x);
            this.value = type.getFieldCount() > 1 ? converterFor(type.getType(1), x -> v = x) : null;
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return fieldIndex == 0 ? key : value;
        }

        @Override
        public void start() {
            k = null;
            v = null;
        }

        @Override
        public void end() {
            sink.accept(k, v);
        }
    }

    /** A scalar column; values of a dictionary-encoded chunk are converted once per dictionary entry. */
    private static final class ValueConverter extends PrimitiveConverter {
        private final Sink sink;
        private final PrimitiveType.PrimitiveTypeName physical;
        private final IntFunction<Object> ints;
        private final LongFunction<Object> longs;
        private final Function<Binary, Object> binaries;
        private Object[] dictionary;

        ValueConverter(PrimitiveType type, Sink sink) {
            this.sink = sink;
            this.physical = type.getPrimitiveTypeName();
            LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
            this.ints = intConversion(annotation);
            this.longs = longConversion(annotation);
            this.binaries = physical == PrimitiveType.PrimitiveTypeName.INT96
                    ? ValueConverter::int96Timestamp
                    : binaryConversion(annotation);
        }

        private static IntFunction<Object> intConversion(LogicalTypeAnnotation annotation) {
            if (annotation instanceof IntLogicalTypeAnnotation i && !i.isSigned() && i.getBitWidth() == 32) {
                return v -> Integer.toUnsignedLong(v);
            }
            if (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                return v -> LocalDate.ofEpochDay(v).toString();
            }
            if (annotation instanceof DecimalLogicalTypeAnnotation d) {
                int scale = d.getScale();
                return v -> BigDecimal.valueOf(v, scale);
            }
            if (annotation instanceof TimeLogicalTypeAnnotation) {
                return v -> LocalTime.ofNanoOfDay(v * 1_000_000L).toString();
            }
            return Integer::valueOf;
        }

        private static LongFunction<Object> longConversion(LogicalTypeAnnotation annotation) {
            if (annotation instanceof IntLogicalTypeAnnotation i && !i.isSigned()) {
                return v -> v >= 0 ? Long.valueOf(v) : new BigInteger(Long.toUnsignedString(v));
            }
            if (annotation instanceof DecimalLogicalTypeAnnotation d) {
                int scale = d.getScale();
                return v -> BigDecimal.valueOf(v, scale);
            }
            if (annotation instanceof TimestampLogicalTypeAnnotation t) {
                TimeUnit unit = t.getUnit();
                boolean utc = t.isAdjustedToUTC();
                return v -> {
                    Instant instant = instant(v, unit);
                    return utc
                            ? instant.toString()
                            : LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString();
                };
            }
            if (annotation instanceof TimeLogicalTypeAnnotation t) {
                TimeUnit unit = t.getUnit();
                return v -> LocalTime.ofNanoOfDay(unit == TimeUnit.MICROS ? v * 1000L : v)
                        .toString();
            }
            return Long::valueOf;
        }

        private static Instant instant(long value, TimeUnit unit) {
            return switch (unit) {
                case MILLIS -> Instant.ofEpochMilli(value);
                case MICROS -> Instant.ofEpochSecond(
                        Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1000L);
                case NANOS -> Instant.ofEpochSecond(
                        Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
            };
        }

        private static Function<Binary, Object> binaryConversion(LogicalTypeAnnotation annotation) {
            if (annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                    || annotation instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                    || annotation instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
                return Binary::toStringUsingUTF8;
            }
            if (annotation instanceof DecimalLogicalTypeAnnotation d) {
                int scale = d.getScale();
                return b -> new BigDecimal(new BigInteger(b.getBytes()), scale);
            }
            if (annotation instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
                return b -> {
                    ByteBuffer buffer = b.toByteBuffer();
                    return new UUID(buffer.getLong(buffer.position()), buffer.getLong(buffer.position() + 8))
                            .toString();
                };
            }
            if (annotation instanceof LogicalTypeAnnotation.Float16LogicalTypeAnnotation) {
                return b -> halfToFloat(
                        b.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getShort());
            }
            return b -> Base64.getEncoder().encodeToString(b.getBytes());
        }

        /** IEEE 754 half precision to single precision ({@code Float.float16ToFloat} arrived only in Java 20). */
        static float halfToFloat(short half) {
            int bits = half & 0xffff;
            int sign = (bits & 0x8000) << 16;
            int exponent = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            if (exponent == 0x1f) {
                return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
            }
            if (exponent == 0) {
                float value = mantissa * 0x1p-24f;
                return sign == 0 ? value : -value;
            }
            return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
        }

        /** The legacy INT96 timestamp: nanoseconds of the day, then the Julian day, both little-endian. */
        private static Object int96Timestamp(Binary b) {
            ByteBuffer buffer = b.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long nanosOfDay = buffer.getLong();
            long julianDay = Integer.toUnsignedLong(buffer.getInt());
            long epochDay = julianDay - 2_440_588L;
            return Instant.ofEpochSecond(epochDay * 86_400L, 0)
                    .plusNanos(nanosOfDay)
                    .toString();
        }

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary d) {
            Object[] values = new Object[d.getMaxId() + 1];
            for (int id = 0; id <= d.getMaxId(); id++) {
                values[id] = switch (physical) {
                    case INT32 -> ints.apply(d.decodeToInt(id));
                    case INT64 -> longs.apply(d.decodeToLong(id));
                    case FLOAT -> d.decodeToFloat(id);
                    case DOUBLE -> d.decodeToDouble(id);
                    case BOOLEAN -> d.decodeToBoolean(id);
                    case BINARY, FIXED_LEN_BYTE_ARRAY, INT96 -> binaries.apply(d.decodeToBinary(id));
                };
            }
            this.dictionary = values;
        }

        @Override
        public void addValueFromDictionary(int dictionaryId) {
            sink.accept(dictionary[dictionaryId]);
        }

        @Override
        public void addBinary(Binary value) {
            sink.accept(binaries.apply(value));
        }

        @Override
        public void addBoolean(boolean value) {
            sink.accept(value);
        }

        @Override
        public void addDouble(double value) {
            sink.accept(value);
        }

        @Override
        public void addFloat(float value) {
            sink.accept(value);
        }

        @Override
        public void addInt(int value) {
            sink.accept(ints.apply(value));
        }

        @Override
        public void addLong(long value) {
            sink.accept(longs.apply(value));
        }
    }
}
