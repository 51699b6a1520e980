package io.vigil.features.serialization;

import io.vigil.features.engine.CardEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes a {@link CardEvent}'s fields in declaration order; strings may be null. */
public final class CardEventSerializer extends RecordSerializer<CardEvent> {

    private static final long serialVersionUID = 1L;

    public static final CardEventSerializer INSTANCE =
            new CardEventSerializer(StringFormat.COMPACT);

    /**
     * Reads and writes the strings of the first format (Flink's {@code StringValue}): for state
     * written by it.
     */
    static final CardEventSerializer FLINK_STRINGS = new CardEventSerializer(StringFormat.FLINK);

    private final StringFormat strings;

    private CardEventSerializer(StringFormat strings) {
        this.strings = strings;
    }

    @Override
    public CardEvent createInstance() {
        return new CardEvent();
    }

    @Override
    public CardEvent copy(CardEvent from) {
        CardEvent to = new CardEvent();
        to.transactionId = from.transactionId;
        to.entityKey = from.entityKey;
        to.accountId = from.accountId;
        to.merchantId = from.merchantId;
        to.merchantCategory = from.merchantCategory;
        to.amount = from.amount;
        to.currency = from.currency;
        to.country = from.country;
        to.latitude = from.latitude;
        to.longitude = from.longitude;
        to.channel = from.channel;
        to.deviceId = from.deviceId;
        to.eventTime = from.eventTime;
        to.ingestTime = from.ingestTime;
        return to;
    }

    @Override
    public void serialize(CardEvent e, DataOutputView out) throws IOException {
        strings.write(e.transactionId, out);
        strings.write(e.entityKey, out);
        strings.write(e.accountId, out);
        strings.write(e.merchantId, out);
        strings.write(e.merchantCategory, out);
        out.writeDouble(e.amount);
        strings.write(e.currency, out);
        strings.write(e.country, out);
        out.writeDouble(e.latitude);
        out.writeDouble(e.longitude);
        strings.write(e.channel, out);
        strings.write(e.deviceId, out);
        out.writeLong(e.eventTime);
        out.writeLong(e.ingestTime);
    }

    @Override
    public CardEvent deserialize(DataInputView in) throws IOException {
        CardEvent e = new CardEvent();
        e.transactionId = strings.read(in);
        e.entityKey = strings.read(in);
        e.accountId = strings.read(in);
        e.merchantId = strings.read(in);
        e.merchantCategory = strings.read(in);
        e.amount = in.readDouble();
        e.currency = strings.read(in);
        e.country = strings.read(in);
        e.latitude = in.readDouble();
        e.longitude = in.readDouble();
        e.channel = strings.read(in);
        e.deviceId = strings.read(in);
        e.eventTime = in.readLong();
        e.ingestTime = in.readLong();
        return e;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardEventSerializer other && other.strings == strings;
    }

    @Override
    public int hashCode() {
        return strings.ordinal();
    }

    @Override
    public TypeSerializerSnapshot<CardEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints. */
    public static final class Snapshot extends StringFormatSnapshot<CardEvent> {
        public Snapshot() {
            super(INSTANCE, FLINK_STRINGS);
        }
    }
}
