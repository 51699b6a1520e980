package io.vigil.jobs.scoring;

import io.vigil.features.engine.EnrichedEvent;
import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.features.events.Event;
import io.vigil.features.flink.EntityFeaturesFunction;
import io.vigil.features.flink.EntityStage;
import io.vigil.features.flink.EntityStageOperator;
import io.vigil.features.flink.StateLayout;
import io.vigil.features.serialization.FeatureTypes;
import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.FeatureOrder;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.modelops.serving.EventColumns;
import io.vigil.modelops.serving.ModelServingOperator;
import io.vigil.schemas.ModelEvent;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Either;

/**
 * The feature part of the job: a declared spec as one keyed stage per entity (uid {@code
 * features-<entity>}), each filling its slice of the vector; in the scoring job the last stage also
 * takes the registry's events.
 */
public final class FeatureStages {

    private final FeatureSpec spec;
    private final FeatureOrder order;
    private final StateLayout stateLayout;

    private FeatureStages(FeatureSpec spec, FeatureOrder order, StateLayout stateLayout) {
        this.spec = spec;
        this.order = order;
        this.stateLayout = stateLayout;
    }

    /**
     * @param specUri the spec to compute (see {@link FeatureSpecs#load})
     * @param stateLayout how each entity stage keeps its state
     */
    public static FeatureStages of(String specUri, FeatureOrder order, StateLayout stateLayout) {
        return new FeatureStages(FeatureSpecs.load(specUri), order, stateLayout);
    }

    public FeatureSpec spec() {
        return spec;
    }

    /** What each featurized event carries: features, text features and carried fields. */
    public EventColumns columns() {
        return new EventColumns(
                spec.featureNames(), spec.textFeatureNames(), spec.events().carried());
    }

    /** Names of the computed features, in vector order. */
    public List<String> featureNames() {
        return spec.featureNames();
    }

    /** The stages, ending in finished vectors (for a job that does not score, e.g. backfill). */
    public DataStream<FeaturizedEvent> addTo(DataStream<Event> events) {
        EntitySpec last = lastEntity();
        return stage(allButLast(events), last)
                .map(new ToFeaturized(spec))
                .returns(FeatureTypes.FEATURIZED_EVENT)
                .name("features done");
    }

    /**
     * The stages with the registry's events joined at the last one: the output, the scoring's
     * input, carries the finished vectors and every registry event once per subtask. Joined there,
     * the scoring chains to the last stage, so a vector crosses no thread and no serializer between
     * its last feature and its score. (The last stage keeps its uid: its state restores from
     * savepoints taken before the join.)
     */
    public DataStream<Either<FeaturizedEvent, ModelEvent>> addTo(
            DataStream<Event> events, DataStream<ModelEvent> registryEvents) {
        EntitySpec last = lastEntity();
        return allButLast(events)
                .keyBy(EntityStage.keyOf(last, spec.layout()))
                .connect(registryEvents.broadcast())
                .transform(
                        last.name() + " features",
                        ModelServingOperator.INPUT,
                        new LastEntityStageOperator(
                                new LastEntityStageFunction(
                                        entityStage(last), new ToFeaturized(spec))))
                .uid(Uids.featuresOf(last.name()));
    }

    private DataStream<EnrichedEvent> allButLast(DataStream<Event> events) {
        int size = spec.featureNames().size();
        DataStream<EnrichedEvent> stream =
                events.map(event -> new EnrichedEvent(event, size))
                        .returns(FeatureTypes.ENRICHED_EVENT)
                        .name("feature vector");
        List<EntitySpec> entities = spec.entities();
        for (EntitySpec entity : entities.subList(0, entities.size() - 1)) {
            stream = stage(stream, entity);
        }
        return stream;
    }

    private DataStream<EnrichedEvent> stage(DataStream<EnrichedEvent> stream, EntitySpec entity) {
        return stream.keyBy(EntityStage.keyOf(entity, spec.layout()))
                .transform(
                        entity.name() + " features",
                        FeatureTypes.ENRICHED_EVENT,
                        new EntityStageOperator(new EntityFeaturesFunction(entityStage(entity))))
                .uid(Uids.featuresOf(entity.name()))
                .name(entity.name() + " features");
    }

    private EntityStage entityStage(EntitySpec entity) {
        return new EntityStage(entity, spec.layout(), offsetOf(entity), order, stateLayout);
    }

    /** Where the entity's features start in the vector: after those of the entities before it. */
    private int offsetOf(EntitySpec entity) {
        int offset = 0;
        for (EntitySpec before : spec.entities()) {
            if (before == entity) {
                return offset;
            }
            offset += before.features().size();
        }
        throw new IllegalArgumentException("not an entity of the spec: " + entity.name());
    }

    private EntitySpec lastEntity() {
        return spec.entities().get(spec.entities().size() - 1);
    }
}
