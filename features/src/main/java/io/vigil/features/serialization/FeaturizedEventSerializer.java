package io.vigil.features.serialization;

import io.vigil.features.engine.FeaturizedEvent;
import java.io.IOException;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link FeaturizedEvent}'s fields in declaration order; the ids, carried values and text
 * features may be null. Each format version adds to the one before: {@value #CARRIED_VERSION} the
 * carried event fields, {@value #TEXT_FEATURES_VERSION} the text features.
 */
public final class FeaturizedEventSerializer extends RecordSerializer<FeaturizedEvent> {

    private static final long serialVersionUID = 1L;

    /** The format that adds the carried event fields. */
    static final int CARRIED_VERSION = 5;

    /** The format that adds the text features. */
    static final int TEXT_FEATURES_VERSION = 6;

    public static final FeaturizedEventSerializer INSTANCE =
            new FeaturizedEventSerializer(StringFormat.COMPACT, TEXT_FEATURES_VERSION);

    /** Reads and writes the format before text features: for state written by it. */
    static final FeaturizedEventSerializer WITHOUT_TEXT_FEATURES =
            new FeaturizedEventSerializer(StringFormat.COMPACT, CARRIED_VERSION);

    /** Reads and writes the format before carried fields: for state written by it. */
    static final FeaturizedEventSerializer WITHOUT_CARRIED =
            new FeaturizedEventSerializer(
                    StringFormat.COMPACT, StringFormatSnapshot.COMPACT_STRINGS_VERSION);

    /** Reads and writes the first format (Flink's strings): for state written by it. */
    static final FeaturizedEventSerializer FLINK_STRINGS =
            new FeaturizedEventSerializer(
                    StringFormat.FLINK, StringFormatSnapshot.FLINK_STRINGS_VERSION);

    private final StringFormat strings;
    private final int version;

    private FeaturizedEventSerializer(StringFormat strings, int version) {
        this.strings = strings;
        this.version = version;
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
        to.textFeatures = from.textFeatures.clone();
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
        if (version >= CARRIED_VERSION) {
            writeTexts(e.carried, out);
        }
        if (version >= TEXT_FEATURES_VERSION) {
            writeTexts(e.textFeatures, out);
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
        if (version >= CARRIED_VERSION) {
            e.carried = readTexts(in);
        }
        if (version >= TEXT_FEATURES_VERSION) {
            e.textFeatures = readTexts(in);
        }
        return e;
    }

    private static void writeTexts(String[] values, DataOutputView out) throws IOException {
        CompactFields.writeVarLong(values.length, out);
        for (String value : values) {
            CompactFields.writeString(value, out);
        }
    }

    private static String[] readTexts(DataInputView in) throws IOException {
        int length = CompactFields.readVarInt(in);
        if (length == 0) {
            return FeaturizedEvent.NO_TEXT;
        }
        String[] values = new String[length];
        for (int i = 0; i < length; i++) {
            values[i] = CompactFields.readString(in);
        }
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeaturizedEventSerializer other
                && other.strings == strings
                && other.version == version;
    }

    @Override
    public int hashCode() {
        return strings.ordinal() * 31 + version;
    }

    @Override
    public TypeSerializerSnapshot<FeaturizedEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints of every format. */
    public static final class Snapshot extends StringFormatSnapshot<FeaturizedEvent> {
        public Snapshot() {
            super(
                    TEXT_FEATURES_VERSION,
                    Map.<Integer, TypeSerializer<FeaturizedEvent>>of(
                            FLINK_STRINGS_VERSION, FLINK_STRINGS,
                            COMPACT_STRINGS_VERSION, WITHOUT_CARRIED,
                            CARRIED_VERSION, WITHOUT_TEXT_FEATURES,
                            TEXT_FEATURES_VERSION, INSTANCE));
        }
    }
}
