package io.vigil.jobs.config;

import io.vigil.modelops.monitoring.RetrainThresholds;
import io.vigil.modelops.monitoring.SegmentRules;
import io.vigil.schemas.codec.WireFormat;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of MonitoringJob beyond those it shares with ScoringJob (Kafka, topics of predictions and
 * the registry, watermarks, checkpoints, delivery: see {@link ScoringOptions}).
 */
public final class MonitoringOptions {

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("vigil.monitoring.group-id")
                    .stringType()
                    .defaultValue("vigil-monitoring")
                    .withDescription(
                            "Consumer group of the monitoring job; also the prefix of its"
                                    + " transactional ids.");

    public static final ConfigOption<String> DRIFT_STATS_TOPIC =
            ConfigOptions.key("vigil.topics.drift-stats")
                    .stringType()
                    .defaultValue("drift-stats")
                    .withDescription("Topic the drift statistics are written to.");

    public static final ConfigOption<WireFormat> DRIFT_STATS_FORMAT =
            ConfigOptions.key("vigil.topics.drift-stats.format")
                    .enumType(WireFormat.class)
                    .defaultValue(WireFormat.AVRO)
                    .withDescription(
                            "Wire format of the drift-stats topic: AVRO (single-object encoding),"
                                    + " JSON (plain) or AVRO_JSON (Avro's JSON encoding); readers"
                                    + " accept all three.");

    public static final ConfigOption<Duration> WINDOW =
            ConfigOptions.key("vigil.monitoring.window")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription("Length of the event-time windows drift is computed over.");

    public static final ConfigOption<String> LABELS_TOPIC =
            ConfigOptions.key("vigil.topics.labels")
                    .stringType()
                    .defaultValue("labels")
                    .withDescription(
                            "Topic of labels (chargebacks, confirmed fraud), Avro"
                                    + " TransactionLabel.");

    public static final ConfigOption<String> PERFORMANCE_STATS_TOPIC =
            ConfigOptions.key("vigil.topics.performance-stats")
                    .stringType()
                    .defaultValue("performance-stats")
                    .withDescription("Topic the performance statistics are written to.");

    public static final ConfigOption<WireFormat> PERFORMANCE_STATS_FORMAT =
            ConfigOptions.key("vigil.topics.performance-stats.format")
                    .enumType(WireFormat.class)
                    .defaultValue(WireFormat.AVRO)
                    .withDescription(
                            "Wire format of the performance-stats topic: AVRO (single-object"
                                + " encoding), JSON (plain) or AVRO_JSON (Avro's JSON encoding);"
                                + " readers accept all three.");

    public static final ConfigOption<String> SEGMENT_STATS_TOPIC =
            ConfigOptions.key("vigil.topics.segment-stats")
                    .stringType()
                    .defaultValue("segment-stats")
                    .withDescription(
                            "Topic the performance and disparity by segment are written to (Avro"
                                    + " SegmentStats); used when the spec declares segments.");

    public static final ConfigOption<WireFormat> SEGMENT_STATS_FORMAT =
            ConfigOptions.key("vigil.topics.segment-stats.format")
                    .enumType(WireFormat.class)
                    .defaultValue(WireFormat.AVRO)
                    .withDescription(
                            "Wire format of the segment-stats topic: AVRO (single-object encoding),"
                                    + " JSON (plain) or AVRO_JSON (Avro's JSON encoding); readers"
                                    + " accept all three.");

    public static final ConfigOption<Long> SEGMENT_MIN_PREDICTIONS =
            ConfigOptions.key("vigil.monitoring.segment-min-predictions")
                    .longType()
                    .defaultValue(SegmentRules.DEFAULTS.minPredictions())
                    .withDescription(
                            "A segment value's flag rate is compared with the population's only"
                                    + " over at least this many matured predictions in a window.");

    public static final ConfigOption<Long> SEGMENT_MIN_POSITIVES =
            ConfigOptions.key("vigil.monitoring.segment-min-positives")
                    .longType()
                    .defaultValue(SegmentRules.DEFAULTS.minPositives())
                    .withDescription(
                            "A segment value's true positive rate (and AUC) is judged only over at"
                                    + " least this many labelled positives in a window.");

    public static final ConfigOption<Long> SEGMENT_MIN_NEGATIVES =
            ConfigOptions.key("vigil.monitoring.segment-min-negatives")
                    .longType()
                    .defaultValue(SegmentRules.DEFAULTS.minNegatives())
                    .withDescription(
                            "A segment value's false positive rate (and AUC) is judged only over at"
                                    + " least this many labelled negatives in a window.");

    public static final ConfigOption<Duration> LABEL_HORIZON =
            ConfigOptions.key("vigil.monitoring.label-horizon")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription(
                            "How long after its event time a prediction waits for its label (and a"
                                + " label for its prediction); after it, the prediction counts as"
                                + " unlabelled and a later label as unmatched.");

    public static final ConfigOption<String> RETRAIN_REQUESTS_TOPIC =
            ConfigOptions.key("vigil.topics.retrain-requests")
                    .stringType()
                    .defaultValue("retrain-requests")
                    .withDescription(
                            "Topic the retrain requests are written to (Avro RetrainRequest, keyed"
                                    + " by model).");

    public static final ConfigOption<Double> MAX_SCORE_PSI =
            ConfigOptions.key("vigil.retrain.max-score-psi")
                    .doubleType()
                    .defaultValue(RetrainThresholds.DEFAULTS.maxScorePsi())
                    .withDescription("A window whose score PSI exceeds this is degraded.");

    public static final ConfigOption<Double> MAX_FEATURE_PSI =
            ConfigOptions.key("vigil.retrain.max-feature-psi")
                    .doubleType()
                    .defaultValue(RetrainThresholds.DEFAULTS.maxFeaturePsi())
                    .withDescription(
                            "A window whose largest feature PSI exceeds this is degraded.");

    public static final ConfigOption<Double> MIN_AUC =
            ConfigOptions.key("vigil.retrain.min-auc")
                    .doubleType()
                    .defaultValue(RetrainThresholds.DEFAULTS.minAuc())
                    .withDescription(
                            "A window whose AUC on matured labels falls below this is degraded; 0"
                                    + " turns the performance trigger off.");

    public static final ConfigOption<Long> MIN_PREDICTIONS =
            ConfigOptions.key("vigil.retrain.min-predictions")
                    .longType()
                    .defaultValue(RetrainThresholds.DEFAULTS.minPredictions())
                    .withDescription("Drift windows with fewer predictions are not judged.");

    public static final ConfigOption<Long> MIN_LABELLED =
            ConfigOptions.key("vigil.retrain.min-labelled")
                    .longType()
                    .defaultValue(RetrainThresholds.DEFAULTS.minLabelled())
                    .withDescription(
                            "Performance windows with fewer labelled predictions are not judged.");

    public static final ConfigOption<Integer> PERSISTENCE =
            ConfigOptions.key("vigil.retrain.persistence")
                    .intType()
                    .defaultValue(RetrainThresholds.DEFAULTS.persistence())
                    .withDescription("Degraded windows in a row that raise a retrain request.");

    public static final ConfigOption<Duration> COOL_DOWN =
            ConfigOptions.key("vigil.retrain.cool-down")
                    .durationType()
                    .defaultValue(RetrainThresholds.DEFAULTS.coolDown())
                    .withDescription(
                            "After a request, no other for the model for this long (event time).");

    public static final ConfigOption<Duration> IGNORE_BEFORE =
            ConfigOptions.key("vigil.monitoring.ignore-before")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "Predictions with an event time before this point (epoch + duration)"
                                    + " are not monitored: e.g. history replayed to warm up feature"
                                    + " state, which does not look like steady traffic. Default:"
                                    + " monitor all.");

    private MonitoringOptions() {}
}
