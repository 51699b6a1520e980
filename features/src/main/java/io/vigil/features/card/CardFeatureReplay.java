package io.vigil.features.card;

import io.vigil.features.CardEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * Computes card features offline, outside Flink, over events given in the order the job would
 * process them (per card: arrival order). Gives exactly the vectors {@link CardFeaturesFunction}
 * serves, because it runs the same {@link CardFeatureCalculator}; used to build training sets.
 * Holds every card's history in memory: for bounded data sets.
 */
public final class CardFeatureReplay {

    private final CardFeatureCalculator calculator = new CardFeatureCalculator();
    private final Map<String, CardHistory> histories = new HashMap<>();

    /** The features of {@code event}, which then joins its card's history. */
    public double[] next(CardEvent event) {
        CardHistory history = histories.computeIfAbsent(event.entityKey, key -> new CardHistory());
        double[] features = new double[CardFeatureSchema.SIZE];
        calculator.compute(history, event, features);
        calculator.update(history, event);
        return features;
    }
}
