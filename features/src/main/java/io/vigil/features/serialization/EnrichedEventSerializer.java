package io.vigil.features.serialization;

import io.vigil.features.engine.EnrichedEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes an {@link EnrichedEvent}: its transaction, then its feature vector. */
public final class EnrichedEventSerializer extends RecordSerializer<EnrichedEvent> {

    private static final long serialVersionUID = 1L;

    public static final EnrichedEventSerializer INSTANCE =
            new EnrichedEventSerializer(CardEventSerializer.INSTANCE);

    /** Reads and writes the first format (Flink's strings): for state written by it. */
    static final EnrichedEventSerializer FLINK_STRINGS =
            new EnrichedEventSerializer(CardEventSerializer.FLINK_STRINGS);

    private final CardEventSerializer events;

    private EnrichedEventSerializer(CardEventSerializer events) {
        this.events = events;
    }

    @Override
    public EnrichedEvent createInstance() {
        return new EnrichedEvent();
    }

    @Override
    public EnrichedEvent copy(EnrichedEvent from) {
        EnrichedEvent to = new EnrichedEvent();
        to.event = from.event == null ? null : events.copy(from.event);
        to.features = from.features == null ? null : from.features.clone();
        return to;
    }

    @Override
    public void serialize(EnrichedEvent e, DataOutputView out) throws IOException {
        events.serialize(e.event, out);
        ArrayFields.writeDoubles(e.features, out);
    }

    @Override
    public EnrichedEvent deserialize(DataInputView in) throws IOException {
        EnrichedEvent e = new EnrichedEvent();
        e.event = events.deserialize(in);
        e.features = ArrayFields.readDoubles(in);
        return e;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnrichedEventSerializer other && other.events.equals(events);
    }

    @Override
    public int hashCode() {
        return events.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<EnrichedEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints. */
    public static final class Snapshot extends StringFormatSnapshot<EnrichedEvent> {
        public Snapshot() {
            super(INSTANCE, FLINK_STRINGS);
        }
    }
}
