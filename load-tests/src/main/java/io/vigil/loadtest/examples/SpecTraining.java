package io.vigil.loadtest.examples;

import io.vigil.features.engine.SpecFeatureReplay;
import io.vigil.features.events.EntityKeyHasher;
import io.vigil.features.events.EventReader;
import io.vigil.features.events.EventRejection;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.retrainer.training.LabelledVector;
import io.vigil.retrainer.training.LogisticRegressionTrainer;
import io.vigil.schemas.codec.WireFormat;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a logistic-regression model for any spec on labelled records in the spec's own schema:
 * each record is decoded and featurized by the same code as ScoringJob (in event-time order, so
 * every vector is what the job computes at that point), the earliest 80% train, the rest are the
 * holdout. Records the job would dead-letter are left out.
 */
public final class SpecTraining {

    /** Any fixed secret: entity keys only need to be consistent within the training set. */
    private static final String TRAINING_SECRET = "vigil-training-only-entity-secret";

    /**
     * One record and its label.
     *
     * @param value the record, Avro binary in the spec's schema
     * @param positive its label
     */
    public record LabelledRecord(byte[] value, boolean positive) {}

    private SpecTraining() {}

    /**
     * @param records in event-time order
     */
    public static TrainedModel train(
            FeatureSpec spec, List<LabelledRecord> records, String name, String version, long seed)
            throws IOException {
        EventReader reader =
                new EventReader(
                        spec,
                        WireFormat.AVRO,
                        new EntityKeyHasher(TRAINING_SECRET),
                        Duration.ofDays(3650));
        SpecFeatureReplay replay = new SpecFeatureReplay(spec);
        List<LabelledVector> rows = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (LabelledRecord record : records) {
            try {
                rows.add(
                        new LabelledVector(
                                replay.next(reader.read(record.value(), now)), record.positive()));
            } catch (EventRejection e) {
                // As ScoringJob would: a dead letter, not a training row.
            }
        }
        int split = rows.size() * 4 / 5;
        return new LogisticRegressionTrainer(10, seed)
                .train(
                        rows.subList(0, split),
                        rows.subList(split, rows.size()),
                        spec.featureNames(),
                        name,
                        version);
    }
}
