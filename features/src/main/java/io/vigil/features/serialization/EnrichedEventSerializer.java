package io.vigil.features.serialization;

import io.vigil.features.engine.EnrichedEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes an {@link EnrichedEvent}: its event, then its feature vector. */
public final class EnrichedEventSerializer extends RecordSerializer<EnrichedEvent> {

    private static final long serialVersionUID = 1L;

    public static final EnrichedEventSerializer INSTANCE = new EnrichedEventSerializer();

    private EnrichedEventSerializer() {}

    @Override
    public EnrichedEvent createInstance() {
        return new EnrichedEvent();
    }

    @Override
    public EnrichedEvent copy(EnrichedEvent from) {
        EnrichedEvent to = new EnrichedEvent();
        to.event = from.event == null ? null : EventSerializer.INSTANCE.copy(from.event);
        to.features = from.features == null ? null : from.features.clone();
        return to;
    }

    @Override
    public void serialize(EnrichedEvent e, DataOutputView out) throws IOException {
        EventSerializer.INSTANCE.serialize(e.event, out);
        ArrayFields.writeDoubles(e.features, out);
    }

    @Override
    public EnrichedEvent deserialize(DataInputView in) throws IOException {
        EnrichedEvent e = new EnrichedEvent();
        e.event = EventSerializer.INSTANCE.deserialize(in);
        e.features = ArrayFields.readDoubles(in);
        return e;
    }

    @Override
    public TypeSerializerSnapshot<EnrichedEvent> snapshotConfiguration() {
        return new EventsSnapshot();
    }

    /** Restores the serializer from savepoints. */
    public static final class EventsSnapshot extends SimpleTypeSerializerSnapshot<EnrichedEvent> {
        public EventsSnapshot() {
            super(() -> INSTANCE);
        }
    }

    /**
     * The snapshot of the card-transaction records of earlier versions, kept so that their
     * savepoints still load: their waiting events (a state this version no longer registers) are
     * never read. Their state cannot be restored as today's records: its serializer refuses to read
     * or write.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<EnrichedEvent> {

        private int version;

        @Override
        public int getCurrentVersion() {
            return StringFormatSnapshot.COMPACT_STRINGS_VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {
            // Nothing beyond the version, which Flink writes.
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) {
            version = readVersion;
        }

        @Override
        public TypeSerializer<EnrichedEvent> restoreSerializer() {
            return new Unreadable(version);
        }

        @Override
        public TypeSerializerSchemaCompatibility<EnrichedEvent> resolveSchemaCompatibility(
                TypeSerializerSnapshot<EnrichedEvent> old) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }

    /** Stands for the records of an earlier format: loading it is fine, using it is not. */
    static final class Unreadable extends RecordSerializer<EnrichedEvent> {

        private static final long serialVersionUID = 1L;

        private final int version;

        Unreadable(int version) {
            this.version = version;
        }

        @Override
        public EnrichedEvent createInstance() {
            throw refused();
        }

        @Override
        public EnrichedEvent copy(EnrichedEvent from) {
            throw refused();
        }

        @Override
        public void serialize(EnrichedEvent record, DataOutputView target) {
            throw refused();
        }

        @Override
        public EnrichedEvent deserialize(DataInputView source) {
            throw refused();
        }

        @Override
        public TypeSerializerSnapshot<EnrichedEvent> snapshotConfiguration() {
            return new Snapshot();
        }

        private IllegalStateException refused() {
            return new IllegalStateException(
                    "events waiting for the watermark in a savepoint of a version before generic"
                            + " events (format "
                            + version
                            + ") cannot be read: take that savepoint with --drain (see"
                            + " docs/operations.md)");
        }
    }
}
