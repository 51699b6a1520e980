package io.vigil.jobs.kafka;

import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.RecordDecodingException;
import io.vigil.schemas.codec.WireFormat;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Avro records of one type from a Vigil topic (registry events, labels, predictions). A record that
 * is not of the type (a tombstone, something another tool wrote) is logged with its position and
 * skipped: a reader of these topics must never stop on one.
 */
public final class AvroRecordDeserializer<T extends SpecificRecordBase>
        implements KafkaRecordDeserializationSchema<T> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AvroRecordDeserializer.class);

    private final Class<T> type;
    private final WireFormat format;
    private transient RecordCodec<T> codec;

    public AvroRecordDeserializer(Class<T> type, WireFormat format) {
        this.type = type;
        this.format = format;
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
            LOG.warn(
                    "Skipped record {}-{}@{}: not a {} ({})",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    type.getSimpleName(),
                    e.getMessage());
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return new AvroTypeInfo<>(type);
    }
}
