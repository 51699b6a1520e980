package io.vigil.jobs.config;

import io.vigil.schemas.codec.WireFormat;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of MonitoringJob beyond those it shares with ScoringJob (Kafka, topics of predictions and
 * the registry, watermarks, checkpoints, delivery: see {@link ScoringOptions}).
 */
public final class MonitoringOptions {

    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("vigil.monitoring.group-id")
            .stringType().defaultValue("vigil-monitoring")
            .withDescription("Consumer group of the monitoring job; also the prefix of its transactional ids.");

    public static final ConfigOption<String> DRIFT_STATS_TOPIC = ConfigOptions.key("vigil.topics.drift-stats")
            .stringType().defaultValue("drift-stats").withDescription("Topic the drift statistics are written to.");

    public static final ConfigOption<WireFormat> DRIFT_STATS_FORMAT = ConfigOptions.key("vigil.topics.drift-stats.format")
            .enumType(WireFormat.class).defaultValue(WireFormat.AVRO).withDescription("Wire format of the drift-stats topic: AVRO or JSON.");

    public static final ConfigOption<Duration> WINDOW = ConfigOptions.key("vigil.monitoring.window")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .withDescription("Length of the event-time windows drift is computed over.");

    public static final ConfigOption<String> LABELS_TOPIC = ConfigOptions.key("vigil.topics.labels")
            .stringType().defaultValue("labels").withDescription("Topic of labels (chargebacks, confirmed fraud), Avro TransactionLabel.");

    public static final ConfigOption<String> PERFORMANCE_STATS_TOPIC = ConfigOptions.key("vigil.topics.performance-stats")
            .stringType().defaultValue("performance-stats").withDescription("Topic the performance statistics are written to.");

    public static final ConfigOption<WireFormat> PERFORMANCE_STATS_FORMAT = ConfigOptions.key("vigil.topics.performance-stats.format")
            .enumType(WireFormat.class).defaultValue(WireFormat.AVRO).withDescription("Wire format of the performance-stats topic: AVRO or JSON.");

    public static final ConfigOption<Duration> LABEL_HORIZON = ConfigOptions.key("vigil.monitoring.label-horizon")
            .durationType().defaultValue(Duration.ofDays(30))
            .withDescription("How long after its event time a prediction waits for its label (and a label for its prediction); "
                    + "after it, the prediction counts as unlabelled and a later label as unmatched.");

    private MonitoringOptions() {}
}
