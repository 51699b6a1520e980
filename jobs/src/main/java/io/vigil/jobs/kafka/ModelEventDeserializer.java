package io.vigil.jobs.kafka;

import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.RecordDecodingException;
import io.vigil.schemas.codec.WireFormat;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry events from the model-events topic. A record that is not a registry event (a tombstone,
 * something another tool wrote) is logged and skipped: it must never stop scoring.
 */
public final class ModelEventDeserializer implements KafkaRecordDeserializationSchema<ModelEvent> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ModelEventDeserializer.class);

    private transient RecordCodec<ModelEvent> codec;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ModelEvent> out) {
        if (record.value() == null) {
            return;
        }
        if (codec == null) {
            codec = WireFormat.AVRO.codec(ModelEvent.class);
        }
        try {
            out.collect(codec.decode(record.value()));
        } catch (RecordDecodingException e) {
            LOG.warn("Skipped record {}-{}@{}: not a registry event ({})", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public TypeInformation<ModelEvent> getProducedType() {
        return new AvroTypeInfo<>(ModelEvent.class);
    }
}
