package io.vigil.features.serialization;

import io.vigil.features.engine.FeaturizedEvent;
import java.io.IOException;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link FeaturizedEvent}'s fields in declaration order; the ids and carried values may be
 * null.
 */
public final class FeaturizedEventSerializer extends RecordSerializer<FeaturizedEvent> {

    private static final long serialVersionUID = 1L;

    /** The format that adds the carried event fields. */
    static final int CARRIED_VERSION = 5;

    public static final FeaturizedEventSerializer INSTANCE =
            new FeaturizedEventSerializer(StringFormat.COMPACT, true);

    /** Reads and writes the format before carried fields: for state written by it. */
    static final FeaturizedEventSerializer WITHOUT_CARRIED =
            new FeaturizedEventSerializer(StringFormat.COMPACT, false);

    /** Reads and writes the first format (Flink's strings): for state written by it. */
    static final FeaturizedEventSerializer FLINK_STRINGS =
            new FeaturizedEventSerializer(StringFormat.FLINK, false);

    private final StringFormat strings;
    private final boolean carried;

    private FeaturizedEventSerializer(StringFormat strings, boolean carried) {
        this.strings = strings;
        this.carried = carried;
    }

    @Override
    public FeaturizedEvent createInstance() {
        return new FeaturizedEvent();
    }

    @Override
    public FeaturizedEvent copy(FeaturizedEvent from) {
        FeaturizedEvent to =
                new FeaturizedEvent(
                        from.transactionId,
                        from.entityKey,
                        from.eventTime,
                        from.ingestTime,
                        from.amount,
                        from.features == null ? null : from.features.clone());
        to.carried = from.carried.clone();
        return to;
    }

    @Override
    public void serialize(FeaturizedEvent e, DataOutputView out) throws IOException {
        strings.write(e.transactionId, out);
        strings.write(e.entityKey, out);
        out.writeLong(e.eventTime);
        out.writeLong(e.ingestTime);
        out.writeDouble(e.amount);
        ArrayFields.writeDoubles(e.features, out);
        if (carried) {
            CompactFields.writeVarLong(e.carried.length, out);
            for (String value : e.carried) {
                CompactFields.writeString(value, out);
            }
        }
    }

    @Override
    public FeaturizedEvent deserialize(DataInputView in) throws IOException {
        String transactionId = strings.read(in);
        String entityKey = strings.read(in);
        long eventTime = in.readLong();
        long ingestTime = in.readLong();
        double amount = in.readDouble();
        FeaturizedEvent e =
                new FeaturizedEvent(
                        transactionId,
                        entityKey,
                        eventTime,
                        ingestTime,
                        amount,
                        ArrayFields.readDoubles(in));
        if (carried) {
            e.carried = new String[CompactFields.readVarInt(in)];
            for (int i = 0; i < e.carried.length; i++) {
                e.carried[i] = CompactFields.readString(in);
            }
        }
        return e;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeaturizedEventSerializer other
                && other.strings == strings
                && other.carried == carried;
    }

    @Override
    public int hashCode() {
        return strings.ordinal() * 2 + (carried ? 1 : 0);
    }

    @Override
    public TypeSerializerSnapshot<FeaturizedEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints of every format. */
    public static final class Snapshot extends StringFormatSnapshot<FeaturizedEvent> {
        public Snapshot() {
            super(
                    CARRIED_VERSION,
                    Map.<Integer, TypeSerializer<FeaturizedEvent>>of(
                            FLINK_STRINGS_VERSION, FLINK_STRINGS,
                            COMPACT_STRINGS_VERSION, WITHOUT_CARRIED,
                            CARRIED_VERSION, INSTANCE));
        }
    }
}
