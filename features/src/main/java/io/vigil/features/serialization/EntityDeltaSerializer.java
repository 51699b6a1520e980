package io.vigil.features.serialization;

import static io.vigil.features.serialization.ArrayFields.readStrings;
import static io.vigil.features.serialization.ArrayFields.writeStrings;

import io.vigil.features.engine.EntityDelta;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes an {@link EntityDelta} (one element of an entity's list of deltas in RocksDB, appended per
 * event): a format byte, the time as a varint, a location flag and the location when there is one,
 * the groups that count the event as bits, their values (uniform values once) and the distinct
 * groups' hashes. The layout is the serializer's own (written once, in its snapshot); a delta of
 * another layout (restored across a spec change and written again) carries its layout in full.
 */
public final class EntityDeltaSerializer extends RecordSerializer<EntityDelta> {

    private static final long serialVersionUID = 1L;

    private static final byte OWN_LAYOUT = 1;
    private static final byte FULL_LAYOUT = 2;

    private final String[] groupKeys;
    private final String[] distinctKeys;

    /**
     * @param groupKeys, distinctKeys the layout of the spec whose deltas this serializer writes
     *     (shared, not modified)
     */
    public EntityDeltaSerializer(String[] groupKeys, String[] distinctKeys) {
        this.groupKeys = groupKeys;
        this.distinctKeys = distinctKeys;
    }

    @Override
    public EntityDelta createInstance() {
        return new EntityDelta();
    }

    @Override
    public EntityDelta copy(EntityDelta from) {
        EntityDelta to = new EntityDelta();
        to.time = from.time;
        to.latitude = from.latitude;
        to.longitude = from.longitude;
        to.counted = from.counted.clone();
        to.values = from.values.clone();
        to.seen = from.seen.clone();
        to.hashes = from.hashes.clone();
        to.groupKeys = from.groupKeys;
        to.distinctKeys = from.distinctKeys;
        return to;
    }

    @Override
    public void serialize(EntityDelta d, DataOutputView out) throws IOException {
        boolean own =
                Arrays.equals(d.groupKeys, groupKeys)
                        && Arrays.equals(d.distinctKeys, distinctKeys);
        out.writeByte(own ? OWN_LAYOUT : FULL_LAYOUT);
        CompactFields.writeVarLong(d.time, out);
        boolean located = !Double.isNaN(d.latitude) || !Double.isNaN(d.longitude);
        out.writeBoolean(located);
        if (located) {
            out.writeDouble(d.latitude);
            out.writeDouble(d.longitude);
        }
        writeBits(d.counted, out);
        CompactFields.writeDoubles(d.values, out);
        writeBits(d.seen, out);
        CompactFields.writeInts(d.hashes, out);
        if (!own) {
            writeStrings(d.groupKeys, out);
            writeStrings(d.distinctKeys, out);
        }
    }

    @Override
    public EntityDelta deserialize(DataInputView in) throws IOException {
        byte format = in.readByte();
        if (format != OWN_LAYOUT && format != FULL_LAYOUT) {
            throw new IOException(
                    "Entity delta written in format "
                            + format
                            + ", this version of Vigil reads formats "
                            + OWN_LAYOUT
                            + " and "
                            + FULL_LAYOUT
                            + ": restore from a savepoint taken by a compatible version");
        }
        EntityDelta d = new EntityDelta();
        d.time = CompactFields.readVarLong(in);
        if (in.readBoolean()) {
            d.latitude = in.readDouble();
            d.longitude = in.readDouble();
        }
        d.counted = readBits(in);
        d.values = CompactFields.readDoubles(in);
        d.seen = readBits(in);
        d.hashes = CompactFields.readInts(in);
        boolean own = format == OWN_LAYOUT;
        d.groupKeys = own ? groupKeys : readStrings(in);
        d.distinctKeys = own ? distinctKeys : readStrings(in);
        if (d.values.length != d.counted.length
                || d.hashes.length != d.seen.length
                || d.counted.length != d.groupKeys.length
                || d.seen.length != d.distinctKeys.length) {
            throw new IOException("Entity delta does not match its layout");
        }
        return d;
    }

    /** A count, then the flags packed eight to a byte. */
    private static void writeBits(boolean[] bits, DataOutputView out) throws IOException {
        CompactFields.writeVarLong(bits.length, out);
        for (int i = 0; i < bits.length; i += 8) {
            int b = 0;
            for (int j = i; j < Math.min(i + 8, bits.length); j++) {
                b |= bits[j] ? 1 << (j - i) : 0;
            }
            out.writeByte(b);
        }
    }

    private static boolean[] readBits(DataInputView in) throws IOException {
        boolean[] bits = new boolean[CompactFields.readVarInt(in)];
        for (int i = 0; i < bits.length; i += 8) {
            int b = in.readByte();
            for (int j = i; j < Math.min(i + 8, bits.length); j++) {
                bits[j] = (b & (1 << (j - i))) != 0;
            }
        }
        return bits;
    }

    @Override
    public TypeSerializerSnapshot<EntityDelta> snapshotConfiguration() {
        return new Snapshot(groupKeys, distinctKeys);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityDeltaSerializer other
                && Arrays.equals(other.groupKeys, groupKeys)
                && Arrays.equals(other.distinctKeys, distinctKeys);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(groupKeys) * 31 + Arrays.hashCode(distinctKeys);
    }

    /** The layout the values were written with: restores the serializer that reads them. */
    public static final class Snapshot extends LayoutSnapshot<EntityDelta> {

        /** For Flink, which reads the layout with {@link #readSnapshot}. */
        public Snapshot() {}

        Snapshot(String[] groupKeys, String[] distinctKeys) {
            super(groupKeys, distinctKeys);
        }

        @Override
        public TypeSerializer<EntityDelta> restoreSerializer() {
            return new EntityDeltaSerializer(groupKeys, distinctKeys);
        }
    }
}
