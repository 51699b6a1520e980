package io.vigil.schemas.codec;

import io.vigil.schemas.NamedDoubles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.UnresolvedUnionException;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.Encoder;

/**
 * Writes the records of one Avro schema in Avro binary, byte for byte as Avro's {@code
 * SpecificDatumWriter} does, from a plan compiled once from the schema: each field's writer and
 * each union's branch tests are chosen up front. Avro's writer resolves every union by the datum's
 * type name and looks up each field's schema and conversion per record, which was a third of the
 * encoding time of a prediction in the scoring thread's profile; and a map key that is the same
 * {@code String} instance as one written before (a feature's name) is written from its cached UTF-8
 * bytes.
 *
 * <p>Logical types other than {@code timestamp-millis} (written from an {@link Instant} or a
 * number), and logical types inside a union, are not compiled: {@link #compile} returns null and
 * the caller keeps Avro's writer. Not thread-safe (the key cache): one per codec.
 */
final class CompiledAvroWriter {

    /** Writes one value of a schema node. */
    @FunctionalInterface
    private interface ValueWriter {
        void write(Object value, Encoder out) throws IOException;
    }

    /** A schema this writer does not compile. */
    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    /** Map keys by identity, direct-mapped: a bounded cache, whatever the keys. */
    private static final int KEY_SLOTS = 128;

    private final Object[] keys = new Object[KEY_SLOTS];
    private final byte[][] keyBytes = new byte[KEY_SLOTS][];
    private final Map<String, RecordWriter> records = new HashMap<>();
    private final ValueWriter root;

    private CompiledAvroWriter(Schema schema) throws Unsupported {
        root = writerOf(schema);
    }

    /** The compiled writer of {@code schema}, or null when it uses what is not compiled. */
    static CompiledAvroWriter compile(Schema schema) {
        try {
            return new CompiledAvroWriter(schema);
        } catch (Unsupported e) {
            return null;
        }
    }

    /** Writes {@code record} as Avro's writer would. */
    void write(IndexedRecord record, Encoder out) throws IOException {
        root.write(record, out);
    }

    private ValueWriter writerOf(Schema schema) throws Unsupported {
        LogicalType logical = schema.getLogicalType();
        if (logical != null) {
            if (logical instanceof LogicalTypes.TimestampMillis) {
                return (v, out) ->
                        out.writeLong(
                                v instanceof Instant i
                                        ? i.toEpochMilli()
                                        : ((Number) v).longValue());
            }
            throw new Unsupported("logical type " + logical.getName());
        }
        return switch (schema.getType()) {
            case NULL -> (v, out) -> out.writeNull();
            case BOOLEAN -> (v, out) -> out.writeBoolean((Boolean) v);
            case INT -> (v, out) -> out.writeInt(((Number) v).intValue());
            case LONG -> (v, out) -> out.writeLong(((Number) v).longValue());
            case FLOAT -> (v, out) -> out.writeFloat(((Number) v).floatValue());
            case DOUBLE -> (v, out) -> out.writeDouble(((Number) v).doubleValue());
            case STRING -> (v, out) -> out.writeString((CharSequence) v);
            case BYTES -> (v, out) -> out.writeBytes((ByteBuffer) v);
            case FIXED ->
                    (v, out) ->
                            out.writeFixed(((GenericFixed) v).bytes(), 0, schema.getFixedSize());
            case ENUM ->
                    (v, out) ->
                            out.writeEnum(
                                    v instanceof Enum<?> e
                                            ? e.ordinal()
                                            : schema.getEnumOrdinal(v.toString()));
            case ARRAY -> arrayWriter(writerOf(schema.getElementType()));
            case MAP ->
                    mapWriter(
                            writerOf(schema.getValueType()),
                            schema.getValueType().getType() == Schema.Type.DOUBLE
                                    && schema.getValueType().getLogicalType() == null);
            case UNION -> unionWriter(schema);
            case RECORD -> recordWriter(schema);
        };
    }

    private ValueWriter recordWriter(Schema schema) throws Unsupported {
        RecordWriter known = records.get(schema.getFullName());
        if (known != null) {
            return known; // a recursive schema: its writer is being compiled
        }
        RecordWriter writer = new RecordWriter(schema);
        records.put(schema.getFullName(), writer);
        List<Schema.Field> fields = schema.getFields();
        writer.fields = new ValueWriter[fields.size()];
        for (Schema.Field field : fields) {
            writer.fields[field.pos()] = writerOf(field.schema());
        }
        return writer;
    }

    private static ValueWriter arrayWriter(ValueWriter items) {
        return (v, out) -> {
            Collection<?> array = (Collection<?>) v;
            out.writeArrayStart();
            out.setItemCount(array.size());
            for (Object item : array) {
                out.startItem();
                items.write(item, out);
            }
            out.writeArrayEnd();
        };
    }

    /**
     * @param doubles whether the values are doubles: then a {@link NamedDoubles} is written from
     *     its arrays, in its order, as its entries would be
     */
    private ValueWriter mapWriter(ValueWriter values, boolean doubles) {
        return (v, out) -> {
            if (doubles && v instanceof NamedDoubles named) {
                out.writeMapStart();
                out.setItemCount(named.size());
                for (int i = 0; i < named.size(); i++) {
                    out.startItem();
                    writeKey(named.name(i), out);
                    out.writeDouble(named.value(i));
                }
                out.writeMapEnd();
                return;
            }
            Map<?, ?> map = (Map<?, ?>) v;
            out.writeMapStart();
            out.setItemCount(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.startItem();
                writeKey((CharSequence) entry.getKey(), out);
                values.write(entry.getValue(), out);
            }
            out.writeMapEnd();
        };
    }

    private void writeKey(CharSequence key, Encoder out) throws IOException {
        if (!(key instanceof String)) {
            out.writeString(key);
            return;
        }
        int slot = System.identityHashCode(key) & (KEY_SLOTS - 1);
        byte[] bytes = keyBytes[slot];
        if (keys[slot] != key) {
            bytes = ((String) key).getBytes(StandardCharsets.UTF_8);
            keys[slot] = key;
            keyBytes[slot] = bytes;
        }
        // What Encoder.writeString(String) writes: the length, then the UTF-8 bytes.
        out.writeInt(bytes.length);
        out.writeFixed(bytes, 0, bytes.length);
    }

    private ValueWriter unionWriter(Schema union) throws Unsupported {
        List<Schema> types = union.getTypes();
        List<BranchTest> tests = new ArrayList<>(types.size());
        ValueWriter[] writers = new ValueWriter[types.size()];
        for (int i = 0; i < types.size(); i++) {
            Schema branch = types.get(i);
            if (branch.getLogicalType() != null) {
                throw new Unsupported("logical type in a union");
            }
            tests.add(testOf(branch));
            writers[i] = writerOf(branch);
        }
        BranchTest[] branches = tests.toArray(BranchTest[]::new);
        return (v, out) -> {
            // A union holds at most one branch of each type (or name), so the first that accepts
            // the value is the one Avro resolves by the value's type name.
            for (int i = 0; i < branches.length; i++) {
                if (branches[i].accepts(v)) {
                    out.writeIndex(i);
                    writers[i].write(v, out);
                    return;
                }
            }
            throw new UnresolvedUnionException(union, v);
        };
    }

    /** Whether a value belongs to one branch of a union. */
    @FunctionalInterface
    private interface BranchTest {
        boolean accepts(Object value);
    }

    private static BranchTest testOf(Schema branch) {
        String name = branch.getFullName();
        return switch (branch.getType()) {
            case NULL -> v -> v == null;
            case BOOLEAN -> v -> v instanceof Boolean;
            case INT -> v -> v instanceof Integer;
            case LONG -> v -> v instanceof Long;
            case FLOAT -> v -> v instanceof Float;
            case DOUBLE -> v -> v instanceof Double;
            case STRING -> v -> v instanceof CharSequence;
            case BYTES -> v -> v instanceof ByteBuffer;
            case ARRAY -> v -> v instanceof Collection;
            case MAP -> v -> v instanceof Map;
            case RECORD ->
                    v -> v instanceof IndexedRecord r && r.getSchema().getFullName().equals(name);
            case FIXED ->
                    v -> v instanceof GenericFixed f && f.getSchema().getFullName().equals(name);
            case ENUM ->
                    v ->
                            (v instanceof GenericEnumSymbol<?> s
                                            && s.getSchema().getFullName().equals(name))
                                    || (v instanceof Enum<?> e
                                            && branch.getEnumSymbols().contains(e.name())
                                            && e.getDeclaringClass()
                                                    .getSimpleName()
                                                    .equals(branch.getName()));
            case UNION -> v -> false; // Avro forbids a union directly inside a union
        };
    }

    /** A record's fields in order; the writers are set once compiled (records may recurse). */
    private static final class RecordWriter implements ValueWriter {
        private final Schema schema;
        private ValueWriter[] fields;

        RecordWriter(Schema schema) {
            this.schema = schema;
        }

        @Override
        public void write(Object value, Encoder out) throws IOException {
            IndexedRecord record = (IndexedRecord) value;
            for (int i = 0; i < fields.length; i++) {
                Object field = record.get(i);
                try {
                    fields[i].write(field, out);
                } catch (NullPointerException | ClassCastException e) {
                    throw new AvroRuntimeException(
                            "cannot write "
                                    + schema.getName()
                                    + "."
                                    + schema.getFields().get(i).name()
                                    + ": "
                                    + (field == null ? "null" : field.getClass().getSimpleName())
                                    + " does not fit its schema",
                            e);
                }
            }
        }
    }
}
