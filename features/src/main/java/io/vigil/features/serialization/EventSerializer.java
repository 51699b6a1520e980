package io.vigil.features.serialization;

import io.vigil.features.events.Event;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes an {@link Event}: id, times, then its number and text slots (texts may be null). The slots
 * describe themselves (counts first), so the format does not depend on the spec.
 */
public final class EventSerializer extends RecordSerializer<Event> {

    private static final long serialVersionUID = 1L;

    public static final EventSerializer INSTANCE = new EventSerializer();

    private EventSerializer() {}

    @Override
    public Event createInstance() {
        return new Event();
    }

    @Override
    public Event copy(Event from) {
        Event to = new Event();
        to.id = from.id;
        to.eventTime = from.eventTime;
        to.ingestTime = from.ingestTime;
        to.numbers = from.numbers == null ? null : from.numbers.clone();
        to.texts = from.texts == null ? null : from.texts.clone();
        return to;
    }

    @Override
    public void serialize(Event e, DataOutputView out) throws IOException {
        CompactFields.writeString(e.id, out);
        out.writeLong(e.eventTime);
        out.writeLong(e.ingestTime);
        CompactFields.writeDoubles(e.numbers, out);
        CompactFields.writeVarLong(e.texts.length, out);
        for (String text : e.texts) {
            CompactFields.writeString(text, out);
        }
    }

    @Override
    public Event deserialize(DataInputView in) throws IOException {
        Event e = new Event();
        e.id = CompactFields.readString(in);
        e.eventTime = in.readLong();
        e.ingestTime = in.readLong();
        e.numbers = CompactFields.readDoubles(in);
        e.texts = new String[CompactFields.readVarInt(in)];
        for (int i = 0; i < e.texts.length; i++) {
            e.texts[i] = CompactFields.readString(in);
        }
        return e;
    }

    @Override
    public TypeSerializerSnapshot<Event> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Event> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
