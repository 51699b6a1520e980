package io.vigil.jobs.backfill;

import io.vigil.features.CardEvent;
import io.vigil.features.FeaturizedEvent;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.decode.DecodeFunction;
import io.vigil.jobs.kafka.KafkaConnectors;
import io.vigil.jobs.scoring.FeatureStages;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.RecordDecodingException;
import io.vigil.schemas.codec.WireFormat;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Builds a training set from history: the transactions topic as it is now (a bounded range), the
 * same decoding and the same feature stages as ScoringJob, in Flink's batch mode, joined to the
 * labels topic by transaction id. Records that ScoringJob would dead-letter are left out.
 */
public final class BackfillJob {

    private final ScoringJobConfig config;
    private final String labelsTopic;

    public BackfillJob(ScoringJobConfig config, String labelsTopic) {
        this.config = config;
        this.labelsTopic = labelsTopic;
    }

    /** Adds the job to {@code env} (set to batch mode) and returns its rows. */
    public DataStream<TrainingRow> addTo(StreamExecutionEnvironment env) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        FeatureStages features = FeatureStages.of(config.featureSpec(), config.featureOrder());
        DataStream<CardEvent> events = env
                .fromSource(KafkaConnectors.transactionsHistory(config), WatermarkStrategy.noWatermarks(), "transactions")
                .process(new DecodeFunction(config.transactionsFormat(), config.entityKeySecret(), config.maxFutureSkew()))
                .name("decode transactions")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<CardEvent>forMonotonousTimestamps()
                        .withTimestampAssigner((event, previous) -> event.eventTime));
        DataStream<FeaturizedEvent> featurized = features.addTo(events);
        DataStream<TransactionLabel> labels = env.fromSource(labelsSource(), WatermarkStrategy.noWatermarks(), "labels");
        return featurized.connect(labels)
                .keyBy(event -> event.transactionId, label -> label.getTransactionId())
                .process(new LabelJoinFunction())
                .name("join labels");
    }

    /** Names of the feature columns, in row order. */
    public java.util.List<String> featureNames() {
        return FeatureStages.of(config.featureSpec(), config.featureOrder()).featureNames();
    }

    private KafkaSource<TransactionLabel> labelsSource() {
        return KafkaSource.<TransactionLabel>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(labelsTopic)
                .setGroupId(config.groupId() + "-backfill-labels")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new LabelDeserializer())
                .build();
    }

    /** Labels as Avro; undecodable records are skipped (they cannot be joined anyway). */
    private static final class LabelDeserializer implements KafkaRecordDeserializationSchema<TransactionLabel> {
        private static final long serialVersionUID = 1L;
        private transient RecordCodec<TransactionLabel> codec;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<TransactionLabel> out) {
            if (codec == null) {
                codec = WireFormat.AVRO.codec(TransactionLabel.class);
            }
            try {
                out.collect(codec.decode(record.value()));
            } catch (RecordDecodingException e) {
                // not a label: nothing to join
            }
        }

        @Override
        public TypeInformation<TransactionLabel> getProducedType() {
            return new AvroTypeInfo<>(TransactionLabel.class);
        }
    }
}
