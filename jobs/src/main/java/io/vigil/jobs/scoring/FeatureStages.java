package io.vigil.jobs.scoring;

import io.vigil.features.CardEvent;
import io.vigil.features.EnrichedEvent;
import io.vigil.features.FeaturizedEvent;
import io.vigil.features.card.CardFeatureSchema;
import io.vigil.features.card.CardFeaturesFunction;
import io.vigil.features.spec.EntityFeaturesFunction;
import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecException;
import io.vigil.features.spec.FeatureSpecParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The feature part of the job: either the built-in card features, or a declared spec as one keyed
 * stage per entity (uid {@code features-<entity>}), each filling its slice of the vector.
 */
public final class FeatureStages {

    private final FeatureSpec spec;

    private FeatureStages(FeatureSpec spec) {
        this.spec = spec;
    }

    /** @param specUri the spec to compute, or null for the built-in card features */
    public static FeatureStages of(String specUri) {
        if (specUri == null) {
            return new FeatureStages(null);
        }
        Path path = new Path(specUri);
        try (InputStream in = path.getFileSystem().open(path)) {
            return new FeatureStages(FeatureSpecParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), specUri));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the feature spec " + specUri + ": " + e.getMessage(), e);
        } catch (FeatureSpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Names of the computed features, in vector order. */
    public List<String> featureNames() {
        return spec == null ? CardFeatureSchema.NAMES : spec.featureNames();
    }

    public DataStream<FeaturizedEvent> addTo(DataStream<CardEvent> events) {
        if (spec == null) {
            return events.keyBy(event -> event.entityKey)
                    .process(new CardFeaturesFunction())
                    .uid(Uids.CARD_FEATURES)
                    .name("card features");
        }
        int size = spec.featureNames().size();
        DataStream<EnrichedEvent> stream = events.map(event -> new EnrichedEvent(event, size)).name("feature vector");
        int offset = 0;
        for (EntitySpec entity : spec.entities()) {
            stream = stream.keyBy(EntityFeaturesFunction.keyOf(entity))
                    .process(new EntityFeaturesFunction(entity, offset))
                    .uid(Uids.featuresOf(entity.name()))
                    .name(entity.name() + " features");
            offset += entity.features().size();
        }
        return stream.map(EnrichedEvent::toFeaturized).name("features done");
    }
}
