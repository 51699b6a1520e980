package io.vigil.features.serialization;

import java.io.IOException;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Snapshot of a record serializer whose format changed over versions: its version is the format of
 * the state it describes. Version {@value #FLINK_STRINGS_VERSION} (written by Flink's {@code
 * SimpleTypeSerializerSnapshot}, which these serializers used first) means Flink's {@code
 * StringValue} encoding; version {@value #COMPACT_STRINGS_VERSION} the compact UTF-8 of {@link
 * CompactFields}; a serializer may add later versions. State written in an older format restores
 * with a serializer that reads it and is migrated (rewritten in the current format) by Flink.
 */
abstract class StringFormatSnapshot<T> implements TypeSerializerSnapshot<T> {

    static final int FLINK_STRINGS_VERSION = 3;
    static final int COMPACT_STRINGS_VERSION = 4;

    private final int currentVersion;
    private final Map<Integer, TypeSerializer<T>> readers;
    private int version;

    /**
     * @param readers the serializer that reads each format, the current one included
     */
    StringFormatSnapshot(int currentVersion, Map<Integer, TypeSerializer<T>> readers) {
        this.currentVersion = currentVersion;
        this.readers = Map.copyOf(readers);
        this.version = currentVersion;
    }

    @Override
    public int getCurrentVersion() {
        return currentVersion;
    }

    @Override
    public void writeSnapshot(DataOutputView out) {
        // Nothing beyond the version, which Flink writes.
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
            throws IOException {
        if (!readers.containsKey(readVersion)) {
            throw new IOException(
                    getClass().getName()
                            + " version "
                            + readVersion
                            + " is unknown to this version of Vigil (it reads "
                            + readers.keySet()
                            + "): restore from a savepoint taken by a compatible version");
        }
        version = readVersion;
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        return readers.get(version);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
            TypeSerializerSnapshot<T> old) {
        if (old == null || old.getClass() != getClass()) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        return ((StringFormatSnapshot<T>) old).version == currentVersion
                ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
}
