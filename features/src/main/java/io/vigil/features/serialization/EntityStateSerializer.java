package io.vigil.features.serialization;

import static io.vigil.features.serialization.ArrayFields.*;

import io.vigil.features.spec.EntityState;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes an entity's {@link EntityState} (one RocksDB value, read and written on every event of the
 * entity): a format version byte, then the arrays and fields in declaration order.
 */
public final class EntityStateSerializer extends RecordSerializer<EntityState> {

    private static final long serialVersionUID = 1L;

    public static final EntityStateSerializer INSTANCE = new EntityStateSerializer();

    /** Written first in every value, so a later layout can still read the values written before it. */
    private static final byte FORMAT = 1;

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
        out.writeByte(FORMAT);
        writeInts(s.bucketsUsed, out);
        writeLongs(s.bucketIds, out);
        writeLongs(s.counts, out);
        writeDoubles(s.sums, out);
        writeDoubles(s.sumSquares, out);
        writeDoubles(s.mins, out);
        writeDoubles(s.maxs, out);
        writeInts(s.distinctUsed, out);
        writeInts(s.distinctHashes, out);
        writeLongs(s.distinctLastSeen, out);
        writeLongs(s.recentTimes, out);
        writeDoubles(s.recentLatitudes, out);
        writeDoubles(s.recentLongitudes, out);
        out.writeLong(s.latestTime);
        out.writeLong(s.expiry);
        writeStrings(s.groupKeys, out);
        writeStrings(s.distinctKeys, out);
    }

    @Override
    public EntityState deserialize(DataInputView in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("Entity state written in format " + format + ", this version of Vigil reads format " + FORMAT
                    + ": restore from a savepoint taken by a compatible version");
        }
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
        s.latestTime = in.readLong();
        s.expiry = in.readLong();
        s.groupKeys = readStrings(in);
        s.distinctKeys = readStrings(in);
        return s;
    }

    @Override
    public TypeSerializerSnapshot<EntityState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EntityState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes Flink pick this serializer for the entity state. */
    public static final class Factory extends TypeInfoFactory<EntityState> {
        @Override
        public TypeInformation<EntityState> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new RecordTypeInfo<>(EntityState.class, INSTANCE);
        }
    }
}
