package io.vigil.jobs.config;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.features.spec.SegmentDeclaration;
import io.vigil.modelops.monitoring.RetrainThresholds;
import io.vigil.modelops.monitoring.SegmentRules;
import io.vigil.schemas.codec.WireFormat;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The monitoring job's settings, read once from {@link MonitoringOptions} and the shared {@link
 * ScoringOptions}, and validated: a bad setting fails at startup naming the option to change.
 */
public record MonitoringJobConfig(
        KafkaAccess kafka,
        String groupId,
        String predictionsTopic,
        WireFormat predictionsFormat,
        String driftStatsTopic,
        WireFormat driftStatsFormat,
        String labelsTopic,
        String performanceStatsTopic,
        WireFormat performanceStatsFormat,
        String segmentStatsTopic,
        WireFormat segmentStatsFormat,
        SegmentRules segmentRules,
        Duration labelHorizon,
        long ignoreBeforeMillis,
        String retrainRequestsTopic,
        RetrainThresholds retrainThresholds,
        String registryTopic,
        String registryStore,
        Duration window,
        Duration outOfOrderness,
        Duration idleness,
        FlinkSettings flink,
        FeatureSpec spec)
        implements Serializable {

    public static MonitoringJobConfig fromConfiguration(ReadableConfig config) {
        List<String> problems = new ArrayList<>();
        String bootstrap = config.get(ScoringOptions.BOOTSTRAP_SERVERS);
        if (bootstrap == null || bootstrap.isBlank()) {
            problems.add(ScoringOptions.BOOTSTRAP_SERVERS.key() + " is required");
        }
        KafkaAccess kafka =
                KafkaAccess.read(
                        bootstrap, config.get(ScoringOptions.KAFKA_PROPERTIES_FILE), problems);
        if (config.get(MonitoringOptions.WINDOW).compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add(
                    MonitoringOptions.WINDOW.key()
                            + " must be at least 1 s (was "
                            + config.get(MonitoringOptions.WINDOW)
                            + ")");
        }
        Duration horizon = config.get(MonitoringOptions.LABEL_HORIZON);
        if (horizon.isNegative() || horizon.isZero()) {
            problems.add(
                    MonitoringOptions.LABEL_HORIZON.key()
                            + " must be positive (was "
                            + horizon
                            + ")");
        }
        RetrainThresholds thresholds = null;
        try {
            double minAuc = config.get(MonitoringOptions.MIN_AUC);
            thresholds =
                    new RetrainThresholds(
                            config.get(MonitoringOptions.MAX_SCORE_PSI),
                            config.get(MonitoringOptions.MAX_FEATURE_PSI),
                            minAuc == 0 ? null : minAuc,
                            config.get(MonitoringOptions.MIN_PREDICTIONS),
                            config.get(MonitoringOptions.MIN_LABELLED),
                            config.get(MonitoringOptions.PERSISTENCE),
                            config.get(MonitoringOptions.COOL_DOWN));
        } catch (IllegalArgumentException e) {
            problems.add("vigil.retrain.*: " + e.getMessage());
        }
        SegmentRules segmentRules = null;
        try {
            segmentRules =
                    new SegmentRules(
                            config.get(MonitoringOptions.SEGMENT_MIN_PREDICTIONS),
                            config.get(MonitoringOptions.SEGMENT_MIN_POSITIVES),
                            config.get(MonitoringOptions.SEGMENT_MIN_NEGATIVES));
        } catch (IllegalArgumentException e) {
            problems.add("vigil.monitoring.segment-min-*: " + e.getMessage());
        }
        FlinkSettings flink = FlinkSettings.fromConfiguration(config, problems);
        FeatureSpec spec = null;
        try {
            // The spec's labels section, if any, says what a label on the labels topic is.
            spec = FeatureSpecs.load(config.get(ScoringOptions.FEATURE_SPEC));
        } catch (IllegalArgumentException e) {
            problems.add(ScoringOptions.FEATURE_SPEC.key() + ": " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "invalid Vigil monitoring configuration:\n  - "
                            + String.join("\n  - ", problems));
        }
        return new MonitoringJobConfig(
                kafka,
                config.get(MonitoringOptions.GROUP_ID),
                config.get(ScoringOptions.PREDICTIONS_TOPIC),
                config.get(ScoringOptions.PREDICTIONS_FORMAT),
                config.get(MonitoringOptions.DRIFT_STATS_TOPIC),
                config.get(MonitoringOptions.DRIFT_STATS_FORMAT),
                config.get(MonitoringOptions.LABELS_TOPIC),
                config.get(MonitoringOptions.PERFORMANCE_STATS_TOPIC),
                config.get(MonitoringOptions.PERFORMANCE_STATS_FORMAT),
                config.get(MonitoringOptions.SEGMENT_STATS_TOPIC),
                config.get(MonitoringOptions.SEGMENT_STATS_FORMAT),
                segmentRules,
                config.get(MonitoringOptions.LABEL_HORIZON),
                config.getOptional(MonitoringOptions.IGNORE_BEFORE)
                        .map(Duration::toMillis)
                        .orElse(Long.MIN_VALUE),
                config.get(MonitoringOptions.RETRAIN_REQUESTS_TOPIC),
                thresholds,
                config.get(ScoringOptions.REGISTRY_TOPIC),
                config.get(ScoringOptions.REGISTRY_STORE),
                config.get(MonitoringOptions.WINDOW),
                config.get(ScoringOptions.OUT_OF_ORDERNESS),
                config.get(ScoringOptions.IDLENESS),
                flink,
                spec);
    }

    /** Flink settings this job needs on top of {@code base}. */
    public Configuration flinkConfiguration(Configuration base) {
        return flink.apply(base);
    }

    /** The segments the spec declares: monitored for disparity when any. */
    public List<SegmentDeclaration> segments() {
        return spec.events() == null ? List.of() : spec.events().segments();
    }

    /** The Kafka bootstrap servers. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
