package io.vigil.modelops.serving;

import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.schemas.Decision;
import io.vigil.schemas.Prediction;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the prediction record of one scored event. */
final class PredictionFactory {

    private final List<String> featureNames;
    private final List<String> carriedFields;

    /**
     * @param carriedFields the event fields copied into predictions, in the order of each event's
     *     carried values
     */
    PredictionFactory(List<String> featureNames, List<String> carriedFields) {
        this.featureNames = List.copyOf(featureNames);
        this.carriedFields = List.copyOf(carriedFields);
    }

    Prediction create(
            FeaturizedEvent event,
            ModelManifest decider,
            String role,
            double score,
            ModelManifest shadow,
            double shadowScore,
            long latencyMicros,
            long scoredAt) {
        Map<String, Double> features = new HashMap<>(featureNames.size() * 2);
        for (int i = 0; i < featureNames.size(); i++) {
            features.put(featureNames.get(i), event.features[i]);
        }
        // Set field by field on a new record: the builder's per-record set-up (field array, flags,
        // defaults) showed in the scoring thread's profile. Every field is set.
        Prediction prediction = new Prediction();
        prediction.setTransactionId(event.transactionId);
        prediction.setEntityKey(event.entityKey);
        prediction.setEventTime(Instant.ofEpochMilli(event.eventTime));
        prediction.setModelName(decider.name());
        prediction.setModelVersion(decider.version());
        prediction.setScore(score);
        prediction.setDecision(decision(score, decider.threshold()));
        prediction.setThreshold(decider.threshold());
        prediction.setFeatures(features);
        prediction.setScoringLatencyMicros(latencyMicros);
        prediction.setScoredAt(Instant.ofEpochMilli(scoredAt));
        prediction.setServedBy(role);
        prediction.setShadowModelVersion(shadow == null ? null : shadow.version());
        prediction.setShadowScore(shadow == null ? null : shadowScore);
        prediction.setAmount(Double.isNaN(event.amount) ? null : event.amount);
        prediction.setEventFields(carriedFields.isEmpty() ? null : carried(event));
        return prediction;
    }

    private Map<String, String> carried(FeaturizedEvent event) {
        Map<String, String> fields = new HashMap<>(carriedFields.size() * 2);
        for (int i = 0; i < carriedFields.size(); i++) {
            fields.put(carriedFields.get(i), i < event.carried.length ? event.carried[i] : null);
        }
        return fields;
    }

    /**
     * FLAG at or above the threshold, and for a score that is not a probability (NaN, or outside
     * [0, 1]: the scorer counts it as an error): a transaction the model could not judge is not let
     * through unexamined.
     */
    static Decision decision(double score, double threshold) {
        boolean probability = score >= 0 && score <= 1;
        return !probability || score >= threshold ? Decision.FLAG : Decision.ALLOW;
    }
}
