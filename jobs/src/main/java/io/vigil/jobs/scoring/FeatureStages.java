package io.vigil.jobs.scoring;

import io.vigil.features.engine.CardEvent;
import io.vigil.features.engine.EnrichedEvent;
import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.features.flink.EntityFeaturesFunction;
import io.vigil.features.serialization.FeatureTypes;
import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.FeatureOrder;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The feature part of the job: a declared spec as one keyed stage per entity (uid {@code
 * features-<entity>}), each filling its slice of the vector.
 */
public final class FeatureStages {

    private final FeatureSpec spec;
    private final FeatureOrder order;

    private FeatureStages(FeatureSpec spec, FeatureOrder order) {
        this.spec = spec;
        this.order = order;
    }

    /**
     * @param specUri the spec to compute (see {@link FeatureSpecs#load})
     */
    public static FeatureStages of(String specUri, FeatureOrder order) {
        return new FeatureStages(FeatureSpecs.load(specUri), order);
    }

    public FeatureSpec spec() {
        return spec;
    }

    /** Names of the computed features, in vector order. */
    public List<String> featureNames() {
        return spec.featureNames();
    }

    public DataStream<FeaturizedEvent> addTo(DataStream<CardEvent> events) {
        int size = spec.featureNames().size();
        DataStream<EnrichedEvent> stream =
                events.map(event -> new EnrichedEvent(event, size))
                        .returns(FeatureTypes.ENRICHED_EVENT)
                        .name("feature vector");
        int offset = 0;
        for (EntitySpec entity : spec.entities()) {
            stream =
                    stream.keyBy(EntityFeaturesFunction.keyOf(entity))
                            .process(new EntityFeaturesFunction(entity, offset, order))
                            .uid(Uids.featuresOf(entity.name()))
                            .name(entity.name() + " features");
            offset += entity.features().size();
        }
        return stream.map(EnrichedEvent::toFeaturized)
                .returns(FeatureTypes.FEATURIZED_EVENT)
                .name("features done");
    }
}
