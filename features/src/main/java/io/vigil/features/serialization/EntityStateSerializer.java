package io.vigil.features.serialization;

import static io.vigil.features.serialization.ArrayFields.*;

import io.vigil.features.engine.EntityState;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes an entity's {@link EntityState} (one RocksDB value, read and written on every event of the
 * entity): a format byte, the arrays and fields in declaration order, then the state's layout (what
 * each group holds). Arrays are written compactly (bucket ids and times as deltas, counts as
 * varints, an array of one repeated value as that value): the value's size is what each event pays
 * to read, write and compact in RocksDB. Values of the first, fixed-width format are still read.
 * The layout is the same for every entity of a spec, so when it is this serializer's own layout
 * only the format byte says so; the layout itself is written once, in the serializer's snapshot
 * (part of every checkpoint and savepoint). After a spec change, Flink reads the old values with
 * the old snapshot's layout and rewrites them in full (state migration), and {@link
 * io.vigil.features.engine.EntityFeatureEngine#adapt} carries over what still applies.
 */
public final class EntityStateSerializer extends RecordSerializer<EntityState> {

    private static final long serialVersionUID = 1L;

    /** A serializer without a layout: writes every value's layout in full. */
    public static final EntityStateSerializer INSTANCE =
            new EntityStateSerializer(new String[0], new String[0]);

    /**
     * The first byte of a value whose layout follows in full: fixed-width arrays (first format,
     * still read).
     */
    private static final byte FULL_LAYOUT = 1;

    /**
     * The first byte of a value whose layout is this serializer's own: fixed-width arrays (first
     * format, still read).
     */
    private static final byte OWN_LAYOUT = 2;

    /** As {@link #FULL_LAYOUT}, arrays in {@link CompactFields}' encodings: written since. */
    private static final byte COMPACT_FULL_LAYOUT = 3;

    /** As {@link #OWN_LAYOUT}, arrays in {@link CompactFields}' encodings: written since. */
    private static final byte COMPACT_OWN_LAYOUT = 4;

    private final String[] groupKeys;
    private final String[] distinctKeys;

    /**
     * @param groupKeys, distinctKeys the layout of the spec whose state this serializer writes
     *     (shared, not modified)
     */
    public EntityStateSerializer(String[] groupKeys, String[] distinctKeys) {
        this.groupKeys = groupKeys;
        this.distinctKeys = distinctKeys;
    }

    @Override
    public EntityState createInstance() {
        return new EntityState();
    }

    @Override
    public EntityState copy(EntityState from) {
        EntityState to = new EntityState();
        to.bucketsUsed = from.bucketsUsed.clone();
        to.bucketIds = from.bucketIds.clone();
        to.counts = from.counts.clone();
        to.sums = from.sums.clone();
        to.sumSquares = from.sumSquares.clone();
        to.mins = from.mins.clone();
        to.maxs = from.maxs.clone();
        to.distinctUsed = from.distinctUsed.clone();
        to.distinctHashes = from.distinctHashes.clone();
        to.distinctLastSeen = from.distinctLastSeen.clone();
        to.recentTimes = from.recentTimes.clone();
        to.recentLatitudes = from.recentLatitudes.clone();
        to.recentLongitudes = from.recentLongitudes.clone();
        to.latestTime = from.latestTime;
        to.expiry = from.expiry;
        to.groupKeys = from.groupKeys.clone();
        to.distinctKeys = from.distinctKeys.clone();
        return to;
    }

    @Override
    public void serialize(EntityState s, DataOutputView out) throws IOException {
        boolean own =
                Arrays.equals(s.groupKeys, groupKeys)
                        && Arrays.equals(s.distinctKeys, distinctKeys);
        out.writeByte(own ? COMPACT_OWN_LAYOUT : COMPACT_FULL_LAYOUT);
        CompactFields.writeVarInts(s.bucketsUsed, out);
        CompactFields.writeDeltas(s.bucketIds, out);
        CompactFields.writeVarLongs(s.counts, out);
        CompactFields.writeDoubles(s.sums, out);
        CompactFields.writeDoubles(s.sumSquares, out);
        CompactFields.writeDoubles(s.mins, out);
        CompactFields.writeDoubles(s.maxs, out);
        CompactFields.writeVarInts(s.distinctUsed, out);
        CompactFields.writeInts(s.distinctHashes, out);
        CompactFields.writeDeltas(s.distinctLastSeen, out);
        CompactFields.writeDeltas(s.recentTimes, out);
        CompactFields.writeDoubles(s.recentLatitudes, out);
        CompactFields.writeDoubles(s.recentLongitudes, out);
        out.writeLong(s.latestTime);
        out.writeLong(s.expiry);
        if (!own) {
            writeStrings(s.groupKeys, out);
            writeStrings(s.distinctKeys, out);
        }
    }

    @Override
    public EntityState deserialize(DataInputView in) throws IOException {
        byte format = in.readByte();
        EntityState s =
                switch (format) {
                    case COMPACT_OWN_LAYOUT, COMPACT_FULL_LAYOUT -> readCompact(in);
                    case FULL_LAYOUT, OWN_LAYOUT -> readFixedWidth(in);
                    default ->
                            throw new IOException(
                                    "Entity state written in format "
                                            + format
                                            + ", this version of Vigil reads formats "
                                            + FULL_LAYOUT
                                            + " to "
                                            + COMPACT_OWN_LAYOUT
                                            + ": restore from a savepoint taken by a compatible"
                                            + " version");
                };
        s.latestTime = in.readLong();
        s.expiry = in.readLong();
        boolean own = format == OWN_LAYOUT || format == COMPACT_OWN_LAYOUT;
        s.groupKeys = own ? groupKeys : readStrings(in);
        s.distinctKeys = own ? distinctKeys : readStrings(in);
        return s;
    }

    private static EntityState readCompact(DataInputView in) throws IOException {
        EntityState s = new EntityState();
        s.bucketsUsed = CompactFields.readVarInts(in);
        s.bucketIds = CompactFields.readDeltas(in);
        s.counts = CompactFields.readVarLongs(in);
        s.sums = CompactFields.readDoubles(in);
        s.sumSquares = CompactFields.readDoubles(in);
        s.mins = CompactFields.readDoubles(in);
        s.maxs = CompactFields.readDoubles(in);
        s.distinctUsed = CompactFields.readVarInts(in);
        s.distinctHashes = CompactFields.readInts(in);
        s.distinctLastSeen = CompactFields.readDeltas(in);
        s.recentTimes = CompactFields.readDeltas(in);
        s.recentLatitudes = CompactFields.readDoubles(in);
        s.recentLongitudes = CompactFields.readDoubles(in);
        return s;
    }

    /** The first formats: every array element at full width. */
    private static EntityState readFixedWidth(DataInputView in) throws IOException {
        EntityState s = new EntityState();
        s.bucketsUsed = readInts(in);
        s.bucketIds = readLongs(in);
        s.counts = readLongs(in);
        s.sums = readDoubles(in);
        s.sumSquares = readDoubles(in);
        s.mins = readDoubles(in);
        s.maxs = readDoubles(in);
        s.distinctUsed = readInts(in);
        s.distinctHashes = readInts(in);
        s.distinctLastSeen = readLongs(in);
        s.recentTimes = readLongs(in);
        s.recentLatitudes = readDoubles(in);
        s.recentLongitudes = readDoubles(in);
        return s;
    }

    @Override
    public TypeSerializerSnapshot<EntityState> snapshotConfiguration() {
        return new Snapshot(groupKeys, distinctKeys);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityStateSerializer other
                && Arrays.equals(other.groupKeys, groupKeys)
                && Arrays.equals(other.distinctKeys, distinctKeys);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(groupKeys) * 31 + Arrays.hashCode(distinctKeys);
    }

    /** The layout the values were written with: restores the serializer that reads them. */
    public static final class Snapshot extends LayoutSnapshot<EntityState> {

        /** For Flink, which reads the layout with {@link #readSnapshot}. */
        public Snapshot() {}

        Snapshot(String[] groupKeys, String[] distinctKeys) {
            super(groupKeys, distinctKeys);
        }

        @Override
        public TypeSerializer<EntityState> restoreSerializer() {
            return new EntityStateSerializer(groupKeys, distinctKeys);
        }
    }
}
