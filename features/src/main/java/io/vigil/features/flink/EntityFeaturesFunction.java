package io.vigil.features.flink;

import io.vigil.features.engine.EnrichedEvent;
import io.vigil.features.serialization.FeatureTypes;
import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.FeatureOrder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One entity stage of a feature spec as a keyed function of its own ({@link EntityStage} does the
 * work and documents it): keyed by {@link EntityStage#keyOf}, it fills the entity's slice of each
 * event's feature vector.
 */
public class EntityFeaturesFunction
        extends KeyedProcessFunction<String, EnrichedEvent, EnrichedEvent>
        implements ResultTypeQueryable<EnrichedEvent> {

    private static final long serialVersionUID = 1L;

    private final EntityStage stage;

    /**
     * @param offset where this entity's features start in the vector
     */
    public EntityFeaturesFunction(EntitySpec spec, EventLayout layout, int offset) {
        this(spec, layout, offset, FeatureOrder.ARRIVAL, StateLayout.DEFAULT);
    }

    /**
     * @param offset where this entity's features start in the vector
     * @param stateLayout how the entity's state is written and cached
     */
    public EntityFeaturesFunction(
            EntitySpec spec,
            EventLayout layout,
            int offset,
            FeatureOrder order,
            StateLayout stateLayout) {
        this(new EntityStage(spec, layout, offset, order, stateLayout));
    }

    /** Hosts {@code stage}. */
    public EntityFeaturesFunction(EntityStage stage) {
        this.stage = stage;
    }

    /** The stage this function runs. */
    EntityStage stage() {
        return stage;
    }

    @Override
    public TypeInformation<EnrichedEvent> getProducedType() {
        return FeatureTypes.ENRICHED_EVENT;
    }

    @Override
    public void open(OpenContext openContext) {
        stage.open(getRuntimeContext());
    }

    @Override
    public void processElement(EnrichedEvent value, Context ctx, Collector<EnrichedEvent> out)
            throws Exception {
        stage.process(value, ctx.getCurrentKey(), ctx.timerService(), out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnrichedEvent> out)
            throws Exception {
        stage.onTimer(timestamp, ctx.getCurrentKey(), ctx.timerService(), out);
    }
}
