package io.vigil.features.serialization;

import io.vigil.features.engine.FeaturizedEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes a {@link FeaturizedEvent}'s fields in declaration order; the ids may be null. */
public final class FeaturizedEventSerializer extends RecordSerializer<FeaturizedEvent> {

    private static final long serialVersionUID = 1L;

    public static final FeaturizedEventSerializer INSTANCE =
            new FeaturizedEventSerializer(StringFormat.COMPACT);

    /** Reads and writes the first format (Flink's strings): for state written by it. */
    static final FeaturizedEventSerializer FLINK_STRINGS =
            new FeaturizedEventSerializer(StringFormat.FLINK);

    private final StringFormat strings;

    private FeaturizedEventSerializer(StringFormat strings) {
        this.strings = strings;
    }

    @Override
    public FeaturizedEvent createInstance() {
        return new FeaturizedEvent();
    }

    @Override
    public FeaturizedEvent copy(FeaturizedEvent from) {
        return new FeaturizedEvent(
                from.transactionId,
                from.entityKey,
                from.eventTime,
                from.ingestTime,
                from.amount,
                from.features == null ? null : from.features.clone());
    }

    @Override
    public void serialize(FeaturizedEvent e, DataOutputView out) throws IOException {
        strings.write(e.transactionId, out);
        strings.write(e.entityKey, out);
        out.writeLong(e.eventTime);
        out.writeLong(e.ingestTime);
        out.writeDouble(e.amount);
        ArrayFields.writeDoubles(e.features, out);
    }

    @Override
    public FeaturizedEvent deserialize(DataInputView in) throws IOException {
        String transactionId = strings.read(in);
        String entityKey = strings.read(in);
        long eventTime = in.readLong();
        long ingestTime = in.readLong();
        double amount = in.readDouble();
        return new FeaturizedEvent(
                transactionId,
                entityKey,
                eventTime,
                ingestTime,
                amount,
                ArrayFields.readDoubles(in));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeaturizedEventSerializer other && other.strings == strings;
    }

    @Override
    public int hashCode() {
        return strings.ordinal();
    }

    @Override
    public TypeSerializerSnapshot<FeaturizedEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints. */
    public static final class Snapshot extends StringFormatSnapshot<FeaturizedEvent> {
        public Snapshot() {
            super(INSTANCE, FLINK_STRINGS);
        }
    }
}
