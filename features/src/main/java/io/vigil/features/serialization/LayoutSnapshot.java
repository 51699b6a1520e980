package io.vigil.features.serialization;

import static io.vigil.features.serialization.ArrayFields.readStrings;
import static io.vigil.features.serialization.ArrayFields.writeStrings;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The snapshot of a serializer of entity state laid out by a spec: the layout (what each aggregate
 * and distinct group holds) the state was written with. The same layout reads as is; another one is
 * migrated (read with the old layout, written again, adapted by what still matches).
 */
abstract class LayoutSnapshot<T> implements TypeSerializerSnapshot<T> {

    String[] groupKeys;
    String[] distinctKeys;

    /** For Flink, which reads the layout with {@link #readSnapshot}. */
    LayoutSnapshot() {}

    LayoutSnapshot(String[] groupKeys, String[] distinctKeys) {
        this.groupKeys = groupKeys;
        this.distinctKeys = distinctKeys;
    }

    @Override
    public int getCurrentVersion() {
        return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        writeStrings(groupKeys, out);
        writeStrings(distinctKeys, out);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
            throws IOException {
        groupKeys = readStrings(in);
        distinctKeys = readStrings(in);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
            TypeSerializerSnapshot<T> old) {
        if (old == null || old.getClass() != getClass()) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        LayoutSnapshot<T> previous = (LayoutSnapshot<T>) old;
        return Arrays.equals(previous.groupKeys, groupKeys)
                        && Arrays.equals(previous.distinctKeys, distinctKeys)
                ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
}
