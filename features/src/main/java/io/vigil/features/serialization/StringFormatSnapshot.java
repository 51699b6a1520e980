package io.vigil.features.serialization;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Snapshot of a record serializer that writes strings: its version is the string format of the
 * state it describes. Version {@value #FLINK_STRINGS_VERSION} (written by Flink's {@code
 * SimpleTypeSerializerSnapshot}, which these serializers used first) means Flink's {@code
 * StringValue} encoding; version {@value #COMPACT_STRINGS_VERSION} the compact UTF-8 of {@link
 * CompactFields}. State written in the old format restores with a serializer that reads it and is
 * migrated (rewritten in the new format) by Flink.
 */
abstract class StringFormatSnapshot<T> implements TypeSerializerSnapshot<T> {

    static final int FLINK_STRINGS_VERSION = 3;
    static final int COMPACT_STRINGS_VERSION = 4;

    private final TypeSerializer<T> current;
    private final TypeSerializer<T> flinkStrings;
    private int version = COMPACT_STRINGS_VERSION;

    /**
     * @param flinkStrings the serializer that reads (and writes) the {@value
     *     #FLINK_STRINGS_VERSION} format
     */
    StringFormatSnapshot(TypeSerializer<T> current, TypeSerializer<T> flinkStrings) {
        this.current = current;
        this.flinkStrings = flinkStrings;
    }

    @Override
    public int getCurrentVersion() {
        return COMPACT_STRINGS_VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) {
        // Nothing beyond the version, which Flink writes.
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
            throws IOException {
        if (readVersion != FLINK_STRINGS_VERSION && readVersion != COMPACT_STRINGS_VERSION) {
            throw new IOException(
                    getClass().getName()
                            + " version "
                            + readVersion
                            + " is unknown to this version of Vigil "
                            + "(it reads "
                            + FLINK_STRINGS_VERSION
                            + " and "
                            + COMPACT_STRINGS_VERSION
                            + "): restore from a savepoint taken by a compatible version");
        }
        version = readVersion;
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        return version == COMPACT_STRINGS_VERSION ? current : flinkStrings;
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
            TypeSerializerSnapshot<T> old) {
        if (old == null || old.getClass() != getClass()) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        return ((StringFormatSnapshot<T>) old).version == COMPACT_STRINGS_VERSION
                ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
}
