package io.vigil.modelops.serving;

import io.vigil.features.FeaturizedEvent;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.schemas.Decision;
import io.vigil.schemas.Prediction;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the prediction record of one scored transaction. */
final class PredictionFactory {

    private final List<String> featureNames;

    PredictionFactory(List<String> featureNames) {
        this.featureNames = List.copyOf(featureNames);
    }

    Prediction create(FeaturizedEvent event, ModelManifest decider, String role, double score,
            ModelManifest shadow, double shadowScore, long latencyMicros, long scoredAt) {
        Map<String, Double> features = new HashMap<>(featureNames.size() * 2);
        for (int i = 0; i < featureNames.size(); i++) {
            features.put(featureNames.get(i), event.features[i]);
        }
        return Prediction.newBuilder()
                .setTransactionId(event.transactionId)
                .setEntityKey(event.entityKey)
                .setEventTime(Instant.ofEpochMilli(event.eventTime))
                .setModelName(decider.name())
                .setModelVersion(decider.version())
                .setScore(score)
                .setDecision(score >= decider.threshold() ? Decision.FLAG : Decision.ALLOW)
                .setThreshold(decider.threshold())
                .setFeatures(features)
                .setScoringLatencyMicros(latencyMicros)
                .setScoredAt(Instant.ofEpochMilli(scoredAt))
                .setServedBy(role)
                .setShadowModelVersion(shadow == null ? null : shadow.version())
                .setShadowScore(shadow == null ? null : shadowScore)
                .setAmount(event.amount)
                .build();
    }
}
