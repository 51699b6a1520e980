package io.vigil.modelops.serving;

import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.schemas.Decision;
import io.vigil.schemas.NamedDoubles;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.Reason;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the prediction record of one scored event. */
final class PredictionFactory {

    private final EventColumns columns;

    PredictionFactory(EventColumns columns) {
        this.columns = columns;
    }

    Prediction create(
            FeaturizedEvent event,
            ModelManifest decider,
            String role,
            double score,
            List<Reason> reasons,
            ModelManifest shadow,
            double shadowScore,
            long latencyMicros,
            long scoredAt) {
        // Set field by field on a new record: the builder's per-record set-up (field array, flags,
        // defaults) showed in the scoring thread's profile. Every field is set.
        Prediction prediction = new Prediction();
        prediction.setTransactionId(event.transactionId);
        prediction.setEntityKey(event.entityKey);
        prediction.setEventTime(Instant.ofEpochMilli(event.eventTime));
        prediction.setModelName(decider.name());
        prediction.setModelVersion(decider.version());
        prediction.setScore(score);
        prediction.setDecision(decision(score, decider));
        prediction.setBand(decider.bandOf(score));
        prediction.setScoreRange(
                decider.output().range() == null ? null : decider.output().range());
        prediction.setThreshold(decider.threshold());
        // Over the event's own vector: no hash table per prediction (the feature names are
        // distinct, and nothing writes to the vector once it is scored).
        prediction.setFeatures(new NamedDoubles(columns.features(), event.features));
        prediction.setScoringLatencyMicros(latencyMicros);
        prediction.setScoredAt(Instant.ofEpochMilli(scoredAt));
        prediction.setServedBy(role);
        prediction.setShadowModelVersion(shadow == null ? null : shadow.version());
        prediction.setShadowScore(shadow == null ? null : shadowScore);
        prediction.setAmount(Double.isNaN(event.amount) ? null : event.amount);
        prediction.setEventFields(byName(columns.carried(), event.carried));
        prediction.setTextFeatures(byName(columns.textFeatures(), event.textFeatures));
        prediction.setExplainer(
                decider.reasons() == null ? ReasonCodes.NONE : decider.reasons().explainer());
        prediction.setReasons(reasons);
        return prediction;
    }

    /** {@code values} by name, or null without names. */
    private static Map<String, String> byName(List<String> names, String[] values) {
        if (names.isEmpty()) {
            return null;
        }
        Map<String, String> map = new HashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), i < values.length ? values[i] : null);
        }
        return map;
    }

    /** FLAG or ALLOW, as {@link ModelManifest#flags} decides. */
    static Decision decision(double score, ModelManifest model) {
        return model.flags(score) ? Decision.FLAG : Decision.ALLOW;
    }
}
