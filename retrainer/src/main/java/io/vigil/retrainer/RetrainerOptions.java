package io.vigil.retrainer;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The retrainer's own options. It shares the jobs' Kafka, registry and topic options ({@code
 * vigil.kafka.*}, {@code vigil.registry.topic}, {@code vigil.topics.*}): one configuration file
 * serves the jobs and the retrainer.
 */
public final class RetrainerOptions {

    public static final ConfigOption<String> ARTIFACT_STORE =
            ConfigOptions.key("vigil.registry.store")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "URI of the registry's artifact store, where retrained models are"
                                    + " stored (file:///..., s3://... with Flink's S3 plugin).");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("vigil.retrainer.group-id")
                    .stringType()
                    .defaultValue("vigil-retrainer")
                    .withDescription(
                            "Consumer group of the retrainer on the retrain-requests topic.");

    public static final ConfigOption<Duration> TRAINING_WINDOW =
            ConfigOptions.key("vigil.retrainer.training-window")
                    .durationType()
                    .defaultValue(PromotionPolicy.DEFAULTS.trainingWindow())
                    .withDescription("At most this far back served rows are used for training.");

    public static final ConfigOption<Double> HOLDOUT_SHARE =
            ConfigOptions.key("vigil.retrainer.holdout-share")
                    .doubleType()
                    .defaultValue(PromotionPolicy.DEFAULTS.holdoutShare())
                    .withDescription(
                            "Most recent share of the labelled rows held out to compare challenger"
                                    + " and champion.");

    public static final ConfigOption<Integer> MIN_ROWS =
            ConfigOptions.key("vigil.retrainer.min-rows")
                    .intType()
                    .defaultValue(PromotionPolicy.DEFAULTS.minRows())
                    .withDescription(
                            "Labelled rows needed before a model is trained (the request waits for"
                                    + " them).");

    public static final ConfigOption<Integer> MIN_FRAUDS =
            ConfigOptions.key("vigil.retrainer.min-frauds")
                    .intType()
                    .defaultValue(PromotionPolicy.DEFAULTS.minFrauds())
                    .withDescription("Frauds needed in training and in the holdout.");

    public static final ConfigOption<Double> MIN_AUC_GAIN =
            ConfigOptions.key("vigil.retrainer.min-auc-gain")
                    .doubleType()
                    .defaultValue(PromotionPolicy.DEFAULTS.minAucGain())
                    .withDescription(
                            "The challenger is promoted to champion when its holdout AUC beats the"
                                    + " champion's by this.");

    public static final ConfigOption<Double> MAX_DISPARITY_WIDENING =
            ConfigOptions.key("vigil.retrainer.max-disparity-widening")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription(
                            "When set, a challenger is promoted only if its worst equalized-odds"
                                + " gap across the spec's segments, on the holdout, exceeds the"
                                + " champion's by at most this (e.g. 0.02: two points of true or"
                                + " false positive rate). Default: disparity does not gate"
                                + " promotion.");

    /** What a promotion is decided on. */
    public enum PromotionEvidence {
        /** Live results in shadow beside the champion, after the holdout. */
        SHADOW,
        /** The training holdout only. */
        HOLDOUT
    }

    public static final ConfigOption<PromotionEvidence> PROMOTION_EVIDENCE =
            ConfigOptions.key("vigil.retrainer.promotion-evidence")
                    .enumType(PromotionEvidence.class)
                    .defaultValue(PromotionEvidence.SHADOW)
                    .withDescription(
                            "SHADOW: a challenger that wins on the holdout first scores live"
                                    + " traffic in shadow and is promoted when the matured labels"
                                    + " of those transactions show it better than the champion"
                                    + " (vigil.retrainer.shadow.*). HOLDOUT: promoted on the"
                                    + " holdout alone.");

    public static final ConfigOption<Integer> SHADOW_MIN_LABELLED =
            ConfigOptions.key("vigil.retrainer.shadow.min-labelled")
                    .intType()
                    .defaultValue(ShadowRule.DEFAULTS.minLabelled())
                    .withDescription(
                            "Transactions scored in shadow with matured labels needed before a"
                                    + " shadow trial is decided.");

    public static final ConfigOption<Integer> SHADOW_MIN_FRAUDS =
            ConfigOptions.key("vigil.retrainer.shadow.min-frauds")
                    .intType()
                    .defaultValue(ShadowRule.DEFAULTS.minFrauds())
                    .withDescription("Frauds among them needed before a shadow trial is decided.");

    public static final ConfigOption<Double> SHADOW_CONFIDENCE =
            ConfigOptions.key("vigil.retrainer.shadow.confidence")
                    .doubleType()
                    .defaultValue(ShadowRule.DEFAULTS.confidence())
                    .withDescription(
                            "The challenger is promoted when the lower bound of this one-sided"
                                    + " confidence interval of its live AUC gain over the champion"
                                    + " (DeLong, on the same transactions) is above 0.");

    public static final ConfigOption<Double> SHADOW_MAX_FPR_INCREASE =
            ConfigOptions.key("vigil.retrainer.shadow.max-fpr-increase")
                    .doubleType()
                    .defaultValue(ShadowRule.DEFAULTS.maxFprIncrease())
                    .withDescription(
                            "The challenger's live false positive rate at its threshold may exceed"
                                    + " the champion's by at most this.");

    public static final ConfigOption<Duration> SHADOW_MAX_WAIT =
            ConfigOptions.key("vigil.retrainer.shadow.max-wait")
                    .durationType()
                    .defaultValue(ShadowRule.DEFAULTS.maxWait())
                    .withDescription(
                            "A shadow trial still short of evidence this long after it started"
                                    + " ends, and the champion stays.");

    public static final ConfigOption<Duration> RETRY_EVERY =
            ConfigOptions.key("vigil.retrainer.retry-every")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "How often a request waiting for matured labels is tried again.");

    public static final ConfigOption<Integer> ATTEMPTS =
            ConfigOptions.key("vigil.retrainer.attempts")
                    .intType()
                    .defaultValue(60 * 24)
                    .withDescription(
                            "How many times a request is tried before it is answered as not"
                                    + " retrained.");

    private RetrainerOptions() {}
}
