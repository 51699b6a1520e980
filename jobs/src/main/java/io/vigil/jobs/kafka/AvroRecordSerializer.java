package io.vigil.jobs.kafka;

import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes Avro records to one topic in the configured {@link WireFormat}, keyed by a field of the
 * record (e.g. the transaction id, so duplicates after an at-least-once replay share a key).
 */
public final class AvroRecordSerializer<T extends SpecificRecord>
        implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Class<T> type;
    private final WireFormat format;
    private final SerializableFunction<T, String> key;
    private transient RecordCodec<T> codec;

    public AvroRecordSerializer(
            String topic, Class<T> type, WireFormat format, SerializableFunction<T, String> key) {
        this.topic = topic;
        this.type = type;
        this.format = format;
        this.key = key;
    }

    @Override
    public void open(
            SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = format.codec(type);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = format.codec(type);
        }
        String k = key.apply(element);
        // The Kafka timestamp is the write time, not the event time: brokers reject records whose
        // timestamp is far from their clock (log.message.timestamp.*.max.ms), and one rejected
        // record fails the whole transaction. Event time is a field of every record.
        return new ProducerRecord<>(
                topic,
                null,
                null,
                k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                codec.encode(element));
    }
}
