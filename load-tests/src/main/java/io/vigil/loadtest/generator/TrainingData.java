package io.vigil.loadtest.generator;

import io.vigil.features.engine.SpecFeatureReplay;
import io.vigil.features.events.EntityKeyHasher;
import io.vigil.features.events.Event;
import io.vigil.features.events.EventReader;
import io.vigil.features.events.EventRejection;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.retrainer.training.LabelledVector;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Labelled feature vectors from generated transactions, computed by the same mapping and feature
 * code the scoring job runs, in event-time order, so the model is trained on what it is served.
 * Only mature rows are kept: the spec's {@link FeatureSpec#maturity()} of history first fills the
 * features' state (every generated card is new when the history starts, so its 30- and 90-day
 * windows only reach their length that long after), then the rows are taken.
 *
 * @param training the earlier part of the stream
 * @param holdout the later part, never seen in training (a time split, like production)
 */
public record TrainingData(List<LabelledVector> training, List<LabelledVector> holdout) {

    /**
     * @param holdoutShare share of the stream, at its end, kept for evaluation
     * @param entityKeySecret any secret: keys only need to be consistent within the set
     */
    public static TrainingData generate(
            GeneratorSettings settings,
            int transactions,
            double holdoutShare,
            String entityKeySecret) {
        return generate(
                new TransactionGenerator(settings),
                transactions,
                holdoutShare,
                entityKeySecret,
                g -> {},
                FeatureSpecs.bundled());
    }

    /**
     * Takes {@code transactions} rows from {@code generator} after the spec's maturity of warm-up
     * history, handing every transaction to {@code seen} as well (e.g. to replay recent history
     * into Kafka), with the features of {@code spec}.
     */
    public static TrainingData generate(
            TransactionGenerator generator,
            int transactions,
            double holdoutShare,
            String entityKeySecret,
            Consumer<GeneratedTransaction> seen,
            FeatureSpec spec) {
        SpecFeatureReplay features = new SpecFeatureReplay(spec);
        EventReader reader =
                new EventReader(
                        spec, WireFormat.AVRO, new EntityKeyHasher(entityKeySecret), Duration.ZERO);
        List<LabelledVector> rows = new ArrayList<>(transactions);
        long matureFrom = Long.MIN_VALUE;
        while (rows.size() < transactions) {
            GeneratedTransaction generated = generator.next();
            seen.accept(generated);
            long time = generated.transaction().getEventTime().toEpochMilli();
            if (matureFrom == Long.MIN_VALUE) {
                matureFrom = time + spec.maturity().toMillis();
            }
            double[] vector = features.next(read(reader, generated.transaction()));
            if (time >= matureFrom) {
                rows.add(new LabelledVector(vector, generated.fraud()));
            }
        }
        int split = (int) Math.round(rows.size() * (1 - holdoutShare));
        return new TrainingData(rows.subList(0, split), rows.subList(split, rows.size()));
    }

    private static Event read(EventReader reader, Transaction t) {
        try {
            return reader.read(t, t.getEventTime().toEpochMilli());
        } catch (EventRejection e) {
            throw new IllegalStateException(
                    "the generator made an invalid transaction "
                            + t.getTransactionId()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
