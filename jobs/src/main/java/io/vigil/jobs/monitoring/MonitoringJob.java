package io.vigil.jobs.monitoring;

import io.vigil.jobs.config.JobArguments;
import io.vigil.jobs.config.MonitoringJobConfig;
import io.vigil.jobs.kafka.AvroRecordSerializer;
import io.vigil.jobs.kafka.KafkaConnectors;
import io.vigil.modelops.monitoring.DriftMonitorFunction;
import io.vigil.modelops.monitoring.RegistryProfiles;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.Prediction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Watches what the models serve:
 *
 * <pre>
 * predictions (Kafka) -> keyBy(model:version) -> drift per event-time window against the version's
 *   reference profile (from the registry) -> drift-stats (Kafka, keyed model:version)
 * </pre>
 *
 * <p>Run it with {@code --vigil.kafka.bootstrap-servers ...} and the options of
 * {@link io.vigil.jobs.config.MonitoringOptions}.
 */
public final class MonitoringJob {

    public static final String NAME = "vigil-monitoring";

    private final MonitoringJobConfig config;

    public MonitoringJob(MonitoringJobConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        Configuration arguments = JobArguments.toConfiguration(args);
        MonitoringJobConfig config = MonitoringJobConfig.fromConfiguration(arguments);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config.flinkConfiguration(arguments));
        new MonitoringJob(config).addTo(env);
        env.execute(NAME);
    }

    /** Adds the job's source, operators and sink to {@code env}. */
    public void addTo(StreamExecutionEnvironment env) {
        env.fromSource(KafkaConnectors.predictionsSource(config.bootstrapServers(), config.predictionsTopic(),
                                config.predictionsFormat(), config.groupId()),
                        WatermarkStrategy.<Prediction>forBoundedOutOfOrderness(config.outOfOrderness())
                                .withTimestampAssigner((p, previous) -> p.getEventTime().toEpochMilli())
                                .withIdleness(config.idleness()),
                        "predictions")
                .uid(MonitoringUids.PREDICTIONS_SOURCE)
                .keyBy(DriftMonitorFunction.byModelVersion())
                .process(new DriftMonitorFunction(config.window().toMillis(),
                        new RegistryProfiles(config.bootstrapServers(), config.registryTopic())))
                .uid(MonitoringUids.DRIFT)
                .name("drift per model version")
                .sinkTo(KafkaConnectors.sink(config.bootstrapServers(), config.flink().delivery(), config.flink().transactionTimeout(),
                        config.groupId() + "-drift-stats", new AvroRecordSerializer<>(config.driftStatsTopic(), DriftStats.class,
                                config.driftStatsFormat(), s -> s.getModelName() + ":" + s.getModelVersion())))
                .uid(MonitoringUids.DRIFT_STATS_SINK)
                .name("drift stats");
    }
}
