package io.vigil.loadtest.generator;

import io.vigil.features.engine.CardEventMapper;
import io.vigil.features.engine.EntityKeyHasher;
import io.vigil.features.engine.SpecFeatureReplay;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.retrainer.training.LabelledVector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Labelled feature vectors from generated transactions, computed by the same mapping and feature
 * code the scoring job runs, in event-time order, so the model is trained on what it is served.
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
     * Takes {@code transactions} from {@code generator}, handing each to {@code seen} as well (e.g.
     * to replay recent history into Kafka), with the features of {@code spec}.
     */
    public static TrainingData generate(
            TransactionGenerator generator,
            int transactions,
            double holdoutShare,
            String entityKeySecret,
            Consumer<GeneratedTransaction> seen,
            FeatureSpec spec) {
        SpecFeatureReplay features = new SpecFeatureReplay(spec);
        CardEventMapper mapper = new CardEventMapper(new EntityKeyHasher(entityKeySecret));
        List<LabelledVector> rows = new ArrayList<>(transactions);
        for (int i = 0; i < transactions; i++) {
            GeneratedTransaction generated = generator.next();
            seen.accept(generated);
            rows.add(
                    new LabelledVector(
                            features.next(mapper.map(generated.transaction(), 0)),
                            generated.fraud()));
        }
        int split = (int) Math.round(rows.size() * (1 - holdoutShare));
        return new TrainingData(rows.subList(0, split), rows.subList(split, rows.size()));
    }
}
