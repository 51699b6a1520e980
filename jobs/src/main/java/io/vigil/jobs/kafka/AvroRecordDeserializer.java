package io.vigil.jobs.kafka;

import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.RecordDecodingException;
import io.vigil.schemas.codec.WireFormat;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Avro records of one type from a Vigil topic (registry events, labels, predictions). A record that
 * is not of the type (something another tool wrote, a record larger than any Vigil record) is
 * counted by reason ({@link SkippedRecords}) and skipped: a reader of these topics must never stop
 * on one. Tombstones (deletions on a compacted topic) are passed over silently.
 */
public final class AvroRecordDeserializer<T extends SpecificRecordBase>
        implements KafkaRecordDeserializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final WireFormat format;
    private final SkippedRecords skipped;
    private transient RecordCodec<T> codec;

    public AvroRecordDeserializer(Class<T> type, WireFormat format) {
        this.type = type;
        this.format = format;
        this.skipped = new SkippedRecords("a " + type.getSimpleName());
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        skipped.open(context.getMetricGroup());
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
        if (record.value() == null) {
            return;
        }
        if (codec == null) {
            codec = format.codec(type);
        }
        try {
            out.collect(codec.decode(record.value()));
        } catch (RecordDecodingException e) {
            skipped.skip(record, e.kind().name(), e.getMessage());
        }
    }

    /** What was skipped so far, by reason. */
    SkippedRecords skipped() {
        return skipped;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return new AvroTypeInfo<>(type);
    }
}
