package io.vigil.jobs.kafka;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.KafkaAccess;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.decode.RawRecord;
import io.vigil.jobs.decode.RawRecordDeserializer;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Builds the job's Kafka sources and sinks from its configuration. */
public final class KafkaConnectors {

    private KafkaConnectors() {}

    /**
     * Source of raw transaction records: starts from the group's committed offsets (earliest when
     * there are none) and reads only committed records.
     */
    public static KafkaSource<RawRecord> transactionsSource(ScoringJobConfig config) {
        return KafkaSource.<RawRecord>builder()
                .setProperties(config.kafka().properties())
                .setTopics(config.transactionsTopic())
                .setGroupId(config.groupId())
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer())
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .build();
    }

    /** The transactions topic as it is now, from its first record to its last: for backfills. */
    public static KafkaSource<RawRecord> transactionsHistory(ScoringJobConfig config) {
        return KafkaSource.<RawRecord>builder()
                .setProperties(config.kafka().properties())
                .setTopics(config.transactionsTopic())
                .setGroupId(config.groupId() + "-backfill")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new RawRecordDeserializer())
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .build();
    }

    /**
     * Source of registry events: the whole compacted topic from its beginning (after a restore,
     * from the checkpointed offsets), so the job knows every change that still matters.
     */
    public static KafkaSource<ModelEvent> modelEventsSource(ScoringJobConfig config) {
        return KafkaSource.<ModelEvent>builder()
                .setProperties(config.kafka().properties())
                .setTopics(config.registryTopic())
                .setGroupId(config.groupId() + "-registry")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new AvroRecordDeserializer<>(ModelEvent.class, WireFormat.AVRO))
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .build();
    }

    /**
     * Sink with the configured delivery guarantee. With EXACTLY_ONCE, records are written in Kafka
     * transactions committed on checkpoints, under a transactional id prefix unique to the sink.
     */
    public static <T extends SpecificRecord> KafkaSink<T> sink(
            ScoringJobConfig config, AvroRecordSerializer<T> serializer, String name) {
        return sink(
                config.kafka(),
                config.delivery(),
                config.transactionTimeout(),
                config.groupId() + "-" + name,
                serializer);
    }

    /**
     * Sink with {@code delivery}. With EXACTLY_ONCE, records are written in Kafka transactions
     * committed on checkpoints, under {@code transactionalIdPrefix} (unique per sink).
     */
    public static <T extends SpecificRecord> KafkaSink<T> sink(
            KafkaAccess kafka,
            Delivery delivery,
            Duration transactionTimeout,
            String transactionalIdPrefix,
            AvroRecordSerializer<T> serializer) {
        Properties producer = kafka.properties();
        producer.setProperty(
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                String.valueOf(transactionTimeout.toMillis()));
        producer.setProperty(
                ProducerConfig.LINGER_MS_CONFIG, delivery == Delivery.EXACTLY_ONCE ? "20" : "0");
        producer.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(
                        delivery == Delivery.EXACTLY_ONCE
                                ? DeliveryGuarantee.EXACTLY_ONCE
                                : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setKafkaProducerConfig(producer)
                .build();
    }

    /**
     * Avro records of {@code type} from {@code topic}: from the group's committed offsets (earliest
     * when there are none), committed records only; records of another type are logged and skipped.
     */
    public static <T extends SpecificRecordBase> KafkaSource<T> following(
            KafkaAccess kafka, String topic, String groupId, Class<T> type, WireFormat format) {
        return avroSource(kafka, topic, groupId, type, format)
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .build();
    }

    /**
     * Avro records of {@code type}: {@code topic} as it is now, from its first record to its last
     * (bounded).
     */
    public static <T extends SpecificRecordBase> KafkaSource<T> history(
            KafkaAccess kafka, String topic, String groupId, Class<T> type, WireFormat format) {
        return avroSource(kafka, topic, groupId, type, format)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .build();
    }

    /**
     * Like {@link #history}, from the first record written at or after {@code writtenAfter} (the
     * records' Kafka timestamps are write times): what was written before cannot match, and is not
     * read.
     */
    public static <T extends SpecificRecordBase> KafkaSource<T> historyWrittenAfter(
            KafkaAccess kafka,
            String topic,
            String groupId,
            Class<T> type,
            WireFormat format,
            Instant writtenAfter) {
        return avroSource(kafka, topic, groupId, type, format)
                .setStartingOffsets(OffsetsInitializer.timestamp(writtenAfter.toEpochMilli()))
                .setBounded(OffsetsInitializer.latest())
                .build();
    }

    /** Labels as {@code spec} declares them, following the topic (see {@link #following}). */
    public static KafkaSource<TransactionLabel> followingLabels(
            KafkaAccess kafka, String topic, String groupId, FeatureSpec spec) {
        return source(kafka, topic, groupId, new LabelDeserializer(spec, WireFormat.AVRO))
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .build();
    }

    /** Labels as {@code spec} declares them, the topic as it is now (see {@link #history}). */
    public static KafkaSource<TransactionLabel> labelHistory(
            KafkaAccess kafka, String topic, String groupId, FeatureSpec spec) {
        return source(kafka, topic, groupId, new LabelDeserializer(spec, WireFormat.AVRO))
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .build();
    }

    private static <T extends SpecificRecordBase> KafkaSourceBuilder<T> avroSource(
            KafkaAccess kafka, String topic, String groupId, Class<T> type, WireFormat format) {
        return source(kafka, topic, groupId, new AvroRecordDeserializer<>(type, format));
    }

    private static <T> KafkaSourceBuilder<T> source(
            KafkaAccess kafka,
            String topic,
            String groupId,
            KafkaRecordDeserializationSchema<T> deserializer) {
        return KafkaSource.<T>builder()
                .setProperties(kafka.properties())
                .setTopics(topic)
                .setGroupId(groupId)
                .setDeserializer(deserializer)
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }
}
