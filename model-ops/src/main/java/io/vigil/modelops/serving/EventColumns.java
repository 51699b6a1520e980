package io.vigil.modelops.serving;

import java.io.Serializable;
import java.util.List;

/**
 * What each incoming event carries besides its ids, by name and in order: the numeric feature
 * vector, the text features (categorical values for models with string inputs) and the event fields
 * copied into every prediction.
 *
 * @param features the feature vector's entries
 * @param textFeatures the text features
 * @param carried the carried event fields
 */
public record EventColumns(List<String> features, List<String> textFeatures, List<String> carried)
        implements Serializable {

    public EventColumns {
        features = List.copyOf(features);
        textFeatures = List.copyOf(textFeatures);
        carried = List.copyOf(carried);
    }

    /** Events with a numeric feature vector only. */
    public static EventColumns numeric(List<String> features) {
        return new EventColumns(features, List.of(), List.of());
    }
}
