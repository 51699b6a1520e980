package io.vigil.features.events;

import io.vigil.features.spec.EventLayout;
import io.vigil.schemas.codec.SingleObjectEncoding;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Reads events in Avro's binary encoding, written with the user's schema: a plan compiled once from
 * the schema reads the fields the spec uses and skips every other field without building it (a
 * skipped string costs its length prefix), so the cost follows the spec more than the schema's
 * width. Bounded: no length read from the record is trusted beyond the record's own bytes.
 */
final class AvroEventParser implements EventParser {

    /** Deepest nesting skipped: a recursive schema cannot exhaust the stack. */
    private static final int MAX_DEPTH = 64;

    /** Most items a skipped array or map of zero-byte items (nulls) may claim. */
    private static final long MAX_EMPTY_ITEMS = 1_000_000;

    private final Step[] root;
    private final SlotValues values;
    private final long fingerprint;
    private final AvroBinaryInput in = new AvroBinaryInput();

    AvroEventParser(EventLayout layout, SlotValues values) {
        Schema schema = layout.schema();
        this.root = record(schema, "", layout.slots());
        this.values = values;
        this.fingerprint = SingleObjectEncoding.fingerprint(schema);
    }

    /**
     * Reads one record: the datum alone, or in Avro's single-object encoding with the user's
     * schema's fingerprint (what Avro-generated classes' {@code toByteBuffer()} writes).
     */
    @Override
    public void parse(byte[] bytes, Event into) throws EventRejection {
        int offset = SingleObjectEncoding.datumOffset(bytes, fingerprint);
        try {
            read(bytes, offset, into);
        } catch (EventRejection e) {
            if (offset == 0 && SingleObjectEncoding.hasHeader(bytes)) {
                // A header of another schema (its bytes did not read as a bare datum either).
                throw new EventRejection(
                        RejectionReason.UNKNOWN_SCHEMA,
                        "written with another schema than the declared one (its fingerprint is in"
                                + " the record's header)");
            }
            throw e;
        }
    }

    private void read(byte[] bytes, int offset, Event into) throws EventRejection {
        in.reset(bytes, offset);
        readRecord(root, into);
        if (in.remaining() != 0) {
            throw AvroBinaryInput.malformed(in.remaining() + " bytes after the end of the record");
        }
    }

    /** What to do with one value of the writer's schema. */
    private sealed interface Step permits Skip, Read, Descend, Branches {}

    private record Skip(Schema schema) implements Step {}

    private record Read(Schema schema, EventLayout.Slot slot) implements Step {}

    private record Descend(Step[] fields) implements Step {}

    private record Branches(Step[] branches) implements Step {}

    private static Step[] record(Schema schema, String prefix, List<EventLayout.Slot> slots) {
        List<Schema.Field> fields = schema.getFields();
        Step[] steps = new Step[fields.size()];
        for (int i = 0; i < steps.length; i++) {
            Schema.Field field = fields.get(i);
            steps[i] = step(field.schema(), prefix + field.name(), slots);
        }
        return steps;
    }

    private static Step step(Schema schema, String path, List<EventLayout.Slot> slots) {
        if (schema.isUnion()) {
            List<Schema> types = schema.getTypes();
            Step[] branches = new Step[types.size()];
            for (int b = 0; b < branches.length; b++) {
                branches[b] = step(types.get(b), path, slots);
            }
            return new Branches(branches);
        }
        for (EventLayout.Slot slot : slots) {
            if (slot.path().equals(path) && schema.getType() != Schema.Type.NULL) {
                return new Read(schema, slot);
            }
        }
        boolean inside = slots.stream().anyMatch(s -> s.path().startsWith(path + "."));
        if (inside && schema.getType() == Schema.Type.RECORD) {
            return new Descend(record(schema, path + ".", slots));
        }
        return new Skip(schema);
    }

    private void readRecord(Step[] fields, Event into) throws EventRejection {
        for (Step step : fields) {
            run(step, into);
        }
    }

    private void run(Step step, Event into) throws EventRejection {
        if (step instanceof Skip skip) {
            skip(skip.schema(), 0);
        } else if (step instanceof Read read) {
            read(read, into);
        } else if (step instanceof Descend descend) {
            readRecord(descend.fields(), into);
        } else {
            Step[] branches = ((Branches) step).branches();
            int branch = in.readInt();
            if (branch < 0 || branch >= branches.length) {
                throw AvroBinaryInput.malformed("a union branch " + branch + " the schema lacks");
            }
            run(branches[branch], into);
        }
    }

    private void read(Read read, Event into) throws EventRejection {
        EventLayout.Slot slot = read.slot();
        switch (slot.type()) {
            case INTEGER, TIMESTAMP_MILLIS ->
                    values.number(
                            into,
                            slot,
                            read.schema().getType() == Schema.Type.INT
                                    ? in.readInt()
                                    : in.readLong());
            case TIMESTAMP_MICROS -> values.number(into, slot, Math.floorDiv(in.readLong(), 1000));
            case DECIMAL_NUMBER ->
                    values.number(
                            into,
                            slot,
                            read.schema().getType() == Schema.Type.FLOAT
                                    ? in.readFloat()
                                    : in.readDouble());
            case DECIMAL_BYTES -> values.number(into, slot, decimal(read.schema(), in.readBytes()));
            case DECIMAL_FIXED ->
                    values.number(
                            into,
                            slot,
                            decimal(read.schema(), in.readFixed(read.schema().getFixedSize())));
            case STRING -> values.text(into, slot, in.readString());
            case ENUM -> {
                List<String> symbols = read.schema().getEnumSymbols();
                int index = in.readInt();
                if (index < 0 || index >= symbols.size()) {
                    throw AvroBinaryInput.malformed("an enum index the schema lacks");
                }
                values.text(into, slot, symbols.get(index));
            }
            case BOOLEAN -> values.text(into, slot, Boolean.toString(in.readBoolean()));
            case TEXT_LIST -> values.text(into, slot, list(read.schema().getElementType()));
        }
    }

    /**
     * An array of single values as its items' text joined by {@link EventFields#KEY_SEPARATOR};
     * null items (an optional item type) are left out. Every item takes at least one byte, so a
     * count beyond the bytes left is malformed.
     */
    private String list(Schema itemType) throws EventRejection {
        StringBuilder items = new StringBuilder();
        boolean first = true;
        for (long count = in.readLong(); count != 0; count = in.readLong()) {
            if (count < 0) {
                count = -count;
                in.readLong(); // the block's byte size, not needed to read it
            }
            if (count > in.remaining()) {
                throw AvroBinaryInput.malformed("an array claiming " + count + " items");
            }
            for (long i = 0; i < count; i++) {
                String item = item(itemType);
                if (item != null) {
                    items.append(first ? "" : String.valueOf(EventFields.KEY_SEPARATOR))
                            .append(item);
                    first = false;
                }
            }
        }
        return items.toString();
    }

    private String item(Schema schema) throws EventRejection {
        return switch (schema.getType()) {
            case STRING -> in.readString();
            case INT -> Integer.toString(in.readInt());
            case LONG -> Long.toString(in.readLong());
            case BOOLEAN -> Boolean.toString(in.readBoolean());
            case ENUM -> {
                int index = in.readInt();
                if (index < 0 || index >= schema.getEnumSymbols().size()) {
                    throw AvroBinaryInput.malformed("an enum index the schema lacks");
                }
                yield schema.getEnumSymbols().get(index);
            }
            case UNION -> {
                int branch = in.readInt();
                if (branch < 0 || branch >= schema.getTypes().size()) {
                    throw AvroBinaryInput.malformed("a union branch the schema lacks");
                }
                Schema chosen = schema.getTypes().get(branch);
                yield chosen.getType() == Schema.Type.NULL ? null : item(chosen);
            }
            default -> throw AvroBinaryInput.malformed("an array item of an unread type");
        };
    }

    private static double decimal(Schema schema, byte[] unscaled) {
        int scale = ((LogicalTypes.Decimal) schema.getLogicalType()).getScale();
        return unscaled.length == 0
                ? 0
                : new BigDecimal(new BigInteger(unscaled), scale).doubleValue();
    }

    private void skip(Schema schema, int depth) throws EventRejection {
        if (depth > MAX_DEPTH) {
            throw AvroBinaryInput.malformed("values nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (schema.getType()) {
            case NULL -> {}
            case BOOLEAN -> in.skip(1);
            case INT, LONG, ENUM -> in.readLong();
            case FLOAT -> in.skip(4);
            case DOUBLE -> in.skip(8);
            case STRING, BYTES -> in.skipLengthPrefixed();
            case FIXED -> in.skip(schema.getFixedSize());
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    skip(field.schema(), depth + 1);
                }
            }
            case UNION -> {
                int branch = in.readInt();
                if (branch < 0 || branch >= schema.getTypes().size()) {
                    throw AvroBinaryInput.malformed("a union branch the schema lacks");
                }
                skip(schema.getTypes().get(branch), depth + 1);
            }
            case ARRAY -> skipBlocks(schema.getElementType(), null, depth + 1);
            case MAP ->
                    skipBlocks(schema.getValueType(), Schema.create(Schema.Type.STRING), depth + 1);
        }
    }

    /** Skips an array's or map's blocks; a block with a byte size is skipped whole. */
    private void skipBlocks(Schema item, Schema key, int depth) throws EventRejection {
        long items = 0;
        for (long count = in.readLong(); count != 0; count = in.readLong()) {
            if (count < 0) {
                in.skip(in.readLong());
                continue;
            }
            items += count;
            if (items > Math.max(in.remaining(), 0) && items > MAX_EMPTY_ITEMS) {
                throw AvroBinaryInput.malformed("an array or map claiming " + items + " items");
            }
            for (long i = 0; i < count; i++) {
                if (key != null) {
                    skip(key, depth);
                }
                skip(item, depth);
            }
        }
    }
}
