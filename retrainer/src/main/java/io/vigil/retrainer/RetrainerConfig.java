package io.vigil.retrainer;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.config.KafkaAccess;
import io.vigil.jobs.config.MonitoringOptions;
import io.vigil.jobs.config.ScoringOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * The retrainer's configuration, read and validated once.
 *
 * @param kafka the cluster and its client settings
 * @param artifactStore where retrained models are stored
 * @param policy how models are trained and judged
 * @param spec the feature spec ({@code vigil.features.spec}), whose labels section says what a
 *     record on the labels topic is
 */
public record RetrainerConfig(
        KafkaAccess kafka,
        String registryTopic,
        String artifactStore,
        String requestsTopic,
        String predictionsTopic,
        String labelsTopic,
        String groupId,
        PromotionPolicy policy,
        Duration retryEvery,
        int attempts,
        FeatureSpec spec) {

    /**
     * @throws IllegalArgumentException naming every missing or invalid option
     */
    public static RetrainerConfig fromConfiguration(Configuration conf) {
        List<String> problems = new ArrayList<>();
        String bootstrap = conf.get(ScoringOptions.BOOTSTRAP_SERVERS);
        if (bootstrap == null || bootstrap.isBlank()) {
            problems.add(ScoringOptions.BOOTSTRAP_SERVERS.key() + " is required");
        }
        String store = conf.get(RetrainerOptions.ARTIFACT_STORE);
        if (store == null || store.isBlank()) {
            problems.add(
                    RetrainerOptions.ARTIFACT_STORE.key()
                            + " is required (the registry's artifact store)");
        }
        KafkaAccess kafka = null;
        try {
            kafka =
                    KafkaAccess.load(
                            bootstrap == null ? "" : bootstrap,
                            conf.get(ScoringOptions.KAFKA_PROPERTIES_FILE));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        PromotionPolicy policy = null;
        try {
            policy =
                    new PromotionPolicy(
                            conf.get(RetrainerOptions.TRAINING_WINDOW),
                            conf.get(RetrainerOptions.HOLDOUT_SHARE),
                            conf.get(RetrainerOptions.MIN_ROWS),
                            conf.get(RetrainerOptions.MIN_FRAUDS),
                            conf.get(RetrainerOptions.MIN_AUC_GAIN),
                            PromotionPolicy.DEFAULTS.epochs(),
                            conf.getOptional(RetrainerOptions.MAX_DISPARITY_WIDENING).orElse(null),
                            conf.get(RetrainerOptions.PROMOTION_EVIDENCE)
                                            == RetrainerOptions.PromotionEvidence.SHADOW
                                    ? new ShadowRule(
                                            conf.get(RetrainerOptions.SHADOW_MIN_LABELLED),
                                            conf.get(RetrainerOptions.SHADOW_MIN_FRAUDS),
                                            conf.get(RetrainerOptions.SHADOW_CONFIDENCE),
                                            conf.get(RetrainerOptions.SHADOW_MAX_FPR_INCREASE),
                                            conf.get(RetrainerOptions.SHADOW_MAX_WAIT))
                                    : null);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        FeatureSpec spec = null;
        try {
            spec = FeatureSpecs.load(conf.get(ScoringOptions.FEATURE_SPEC));
        } catch (IllegalArgumentException e) {
            problems.add(ScoringOptions.FEATURE_SPEC.key() + ": " + e.getMessage());
        }
        if (conf.get(RetrainerOptions.ATTEMPTS) < 1) {
            problems.add(RetrainerOptions.ATTEMPTS.key() + " must be at least 1");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "invalid retrainer configuration: " + String.join("; ", problems));
        }
        return new RetrainerConfig(
                kafka,
                conf.get(ScoringOptions.REGISTRY_TOPIC),
                store,
                conf.get(MonitoringOptions.RETRAIN_REQUESTS_TOPIC),
                conf.get(ScoringOptions.PREDICTIONS_TOPIC),
                conf.get(MonitoringOptions.LABELS_TOPIC),
                conf.get(RetrainerOptions.GROUP_ID),
                policy,
                conf.get(RetrainerOptions.RETRY_EVERY),
                conf.get(RetrainerOptions.ATTEMPTS),
                spec);
    }
}
