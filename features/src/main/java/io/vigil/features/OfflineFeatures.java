package io.vigil.features;

import io.vigil.features.card.CardFeatureReplay;
import io.vigil.features.card.CardFeatureSchema;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.SpecFeatureReplay;
import java.util.List;

/**
 * Feature vectors computed outside Flink by the job's own feature code, over events in the order the
 * job would see them: the built-in card features or a declared spec. For training sets and tests.
 */
public interface OfflineFeatures {

    /** Names of the vector's entries, in order. */
    List<String> names();

    /** The vector of {@code event}, which then joins the history. */
    double[] next(CardEvent event);

    /** The built-in card features (ScoringJob without a spec). */
    static OfflineFeatures builtIn() {
        CardFeatureReplay replay = new CardFeatureReplay();
        return new OfflineFeatures() {
            @Override
            public List<String> names() {
                return CardFeatureSchema.NAMES;
            }

            @Override
            public double[] next(CardEvent event) {
                return replay.next(event);
            }
        };
    }

    /** A declared spec (ScoringJob with {@code vigil.features.spec}). */
    static OfflineFeatures of(FeatureSpec spec) {
        SpecFeatureReplay replay = new SpecFeatureReplay(spec);
        return new OfflineFeatures() {
            @Override
            public List<String> names() {
                return spec.featureNames();
            }

            @Override
            public double[] next(CardEvent event) {
                return replay.next(event);
            }
        };
    }
}
