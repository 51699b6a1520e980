package io.vigil.features.serialization;

import io.vigil.features.CardEvent;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/** Writes a {@link CardEvent}'s fields in declaration order; strings may be null. */
public final class CardEventSerializer extends RecordSerializer<CardEvent> {

    private static final long serialVersionUID = 1L;

    public static final CardEventSerializer INSTANCE = new CardEventSerializer();

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
        StringValue.writeString(e.transactionId, out);
        StringValue.writeString(e.entityKey, out);
        StringValue.writeString(e.accountId, out);
        StringValue.writeString(e.merchantId, out);
        StringValue.writeString(e.merchantCategory, out);
        out.writeDouble(e.amount);
        StringValue.writeString(e.currency, out);
        StringValue.writeString(e.country, out);
        out.writeDouble(e.latitude);
        out.writeDouble(e.longitude);
        StringValue.writeString(e.channel, out);
        StringValue.writeString(e.deviceId, out);
        out.writeLong(e.eventTime);
        out.writeLong(e.ingestTime);
    }

    @Override
    public CardEvent deserialize(DataInputView in) throws IOException {
        CardEvent e = new CardEvent();
        e.transactionId = StringValue.readString(in);
        e.entityKey = StringValue.readString(in);
        e.accountId = StringValue.readString(in);
        e.merchantId = StringValue.readString(in);
        e.merchantCategory = StringValue.readString(in);
        e.amount = in.readDouble();
        e.currency = StringValue.readString(in);
        e.country = StringValue.readString(in);
        e.latitude = in.readDouble();
        e.longitude = in.readDouble();
        e.channel = StringValue.readString(in);
        e.deviceId = StringValue.readString(in);
        e.eventTime = in.readLong();
        e.ingestTime = in.readLong();
        return e;
    }

    @Override
    public TypeSerializerSnapshot<CardEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CardEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes Flink pick this serializer wherever a {@link CardEvent} travels or is stored. */
    public static final class Factory extends TypeInfoFactory<CardEvent> {
        @Override
        public TypeInformation<CardEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new RecordTypeInfo<>(CardEvent.class, INSTANCE);
        }
    }
}
