package io.vigil.jobs.monitoring;

import io.vigil.jobs.config.JobArguments;
import io.vigil.jobs.config.MonitoringJobConfig;
import io.vigil.jobs.kafka.AvroRecordSerializer;
import io.vigil.jobs.kafka.KafkaConnectors;
import io.vigil.jobs.kafka.RequiredTopics;
import io.vigil.modelops.monitoring.DriftMonitorFunction;
import io.vigil.modelops.monitoring.LabelledOutcome;
import io.vigil.modelops.monitoring.PerformanceMonitorFunction;
import io.vigil.modelops.monitoring.PredictionLabelJoin;
import io.vigil.modelops.monitoring.RegistryProfiles;
import io.vigil.modelops.monitoring.RetrainPolicyFunction;
import io.vigil.modelops.monitoring.SegmentMonitorFunction;
import io.vigil.modelops.monitoring.Segmenter;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.PerformanceStats;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.RetrainRequest;
import io.vigil.schemas.SegmentStats;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.AvroLimits;
import io.vigil.schemas.codec.WireFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Watches what the models serve:
 *
 * <pre>
 * predictions (Kafka) -> keyBy(model:version) -> drift per event-time window against the version's
 *   reference profile (from the registry) -> drift-stats (Kafka, keyed model:version)
 *       \-> keyBy(transaction id) join labels (Kafka), horizon -> keyBy(model:version) -> performance
 *            per window of maturity time -> performance-stats (Kafka, keyed model:version)
 *                                         \-> by declared segment -> segment-stats (Kafka, keyed
 *                                             model:version; when the spec declares segments)
 * drift + performance -> keyBy(model) -> retrain policy -> retrain-requests (Kafka, keyed model)
 * </pre>
 *
 * <p>Run it with {@code --vigil.kafka.bootstrap-servers ...} and the options of {@link
 * io.vigil.jobs.config.MonitoringOptions}.
 */
public final class MonitoringJob {

    public static final String NAME = "vigil-monitoring";

    private final MonitoringJobConfig config;

    public MonitoringJob(MonitoringJobConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        AvroLimits.install();
        Configuration arguments = JobArguments.toConfiguration(args);
        MonitoringJobConfig config = MonitoringJobConfig.fromConfiguration(arguments);
        List<String> topics =
                new ArrayList<>(
                        List.of(
                                config.predictionsTopic(),
                                config.labelsTopic(),
                                config.driftStatsTopic(),
                                config.performanceStatsTopic(),
                                config.retrainRequestsTopic(),
                                config.registryTopic()));
        if (!config.segments().isEmpty()) {
            topics.add(config.segmentStatsTopic());
        }
        RequiredTopics.check(config.kafka(), topics);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        config.flinkConfiguration(arguments));
        new MonitoringJob(config).addTo(env);
        env.execute(NAME);
    }

    /** Adds the job's sources, operators and sinks to {@code env}. */
    public void addTo(StreamExecutionEnvironment env) {
        DataStream<Prediction> predictions =
                env.fromSource(
                                KafkaConnectors.following(
                                        config.kafka(),
                                        config.predictionsTopic(),
                                        config.groupId(),
                                        Prediction.class,
                                        config.predictionsFormat()),
                                WatermarkStrategy.<Prediction>forBoundedOutOfOrderness(
                                                config.outOfOrderness())
                                        .withTimestampAssigner(
                                                (p, previous) -> p.getEventTime().toEpochMilli())
                                        .withIdleness(config.idleness()),
                                "predictions")
                        .uid(MonitoringUids.PREDICTIONS_SOURCE)
                        .filter(new EventTimeFrom(config.ignoreBeforeMillis()))
                        .name("monitored predictions");
        SingleOutputStreamOperator<DriftStats> drift =
                predictions
                        .keyBy(DriftMonitorFunction.byModelVersion())
                        .process(
                                new DriftMonitorFunction(
                                        config.window().toMillis(),
                                        new RegistryProfiles(
                                                config.kafka().bootstrapServers(),
                                                config.kafka().clientProperties(),
                                                config.registryTopic(),
                                                config.registryStore() == null
                                                        ? null
                                                        : new ArtifactStore(
                                                                config.registryStore()))))
                        .uid(MonitoringUids.DRIFT)
                        .name("drift per model version");
        drift.sinkTo(
                        sink(
                                config.driftStatsTopic(),
                                DriftStats.class,
                                config.driftStatsFormat(),
                                "drift-stats",
                                s -> s.getModelName() + ":" + s.getModelVersion()))
                .uid(MonitoringUids.DRIFT_STATS_SINK)
                .name("drift stats");

        DataStream<TransactionLabel> labels =
                env.fromSource(
                                KafkaConnectors.followingLabels(
                                        config.kafka(),
                                        config.labelsTopic(),
                                        config.groupId(),
                                        config.spec()),
                                WatermarkStrategy.<TransactionLabel>forBoundedOutOfOrderness(
                                                config.outOfOrderness())
                                        .withTimestampAssigner(
                                                (l, previous) -> l.getLabelTime().toEpochMilli())
                                        .withIdleness(config.idleness()),
                                "labels")
                        .uid(MonitoringUids.LABELS_SOURCE);
        Segmenter segmenter = new Segmenter(config.segments());
        KeyedStream<LabelledOutcome, String> outcomes =
                predictions
                        .connect(labels)
                        .keyBy(Prediction::getTransactionId, TransactionLabel::getTransactionId)
                        .process(
                                new PredictionLabelJoin(
                                        config.labelHorizon().toMillis(), segmenter))
                        .uid(MonitoringUids.LABEL_JOIN)
                        .name("join labels")
                        .keyBy(LabelledOutcome::modelKey);
        if (!config.segments().isEmpty()) {
            addSegments(outcomes, segmenter);
        }
        SingleOutputStreamOperator<PerformanceStats> performance =
                outcomes.process(new PerformanceMonitorFunction(config.window().toMillis()))
                        .uid(MonitoringUids.PERFORMANCE)
                        .name("performance per model version");
        performance
                .sinkTo(
                        sink(
                                config.performanceStatsTopic(),
                                PerformanceStats.class,
                                config.performanceStatsFormat(),
                                "performance-stats",
                                s -> s.getModelName() + ":" + s.getModelVersion()))
                .uid(MonitoringUids.PERFORMANCE_STATS_SINK)
                .name("performance stats");

        drift.connect(performance)
                .keyBy(DriftStats::getModelName, PerformanceStats::getModelName)
                .process(new RetrainPolicyFunction(config.retrainThresholds()))
                .uid(MonitoringUids.RETRAIN_POLICY)
                .name("retrain policy")
                .sinkTo(
                        sink(
                                config.retrainRequestsTopic(),
                                RetrainRequest.class,
                                WireFormat.AVRO,
                                "retrain-requests",
                                RetrainRequest::getModelName))
                .uid(MonitoringUids.RETRAIN_REQUESTS_SINK)
                .name("retrain requests");
    }

    /** Performance and disparity by declared segment, per model version and window. */
    private void addSegments(KeyedStream<LabelledOutcome, String> outcomes, Segmenter segmenter) {
        outcomes.process(
                        new SegmentMonitorFunction(
                                config.window().toMillis(),
                                segmenter.names(),
                                config.segmentRules()))
                .uid(MonitoringUids.SEGMENTS)
                .name("performance by segment")
                .sinkTo(
                        sink(
                                config.segmentStatsTopic(),
                                SegmentStats.class,
                                config.segmentStatsFormat(),
                                "segment-stats",
                                s -> s.getModelName() + ":" + s.getModelVersion()))
                .uid(MonitoringUids.SEGMENT_STATS_SINK)
                .name("segment stats");
    }

    private <T extends SpecificRecord> KafkaSink<T> sink(
            String topic,
            Class<T> type,
            WireFormat format,
            String name,
            SerializableFunction<T, String> key) {
        return KafkaConnectors.sink(
                config.kafka(),
                config.flink().delivery(),
                config.flink().transactionTimeout(),
                config.groupId() + "-" + name,
                new AvroRecordSerializer<>(topic, type, format, key));
    }
}
