package io.vigil.loadtest.baseline;

import io.vigil.features.events.Event;
import io.vigil.features.events.EventFields;
import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.config.ScoringJobConfig;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * ScoringJob's shape without its work: the same source, decoding, one keyed hop per entity of the
 * spec, sink and delivery, and per entity a read-modify-write of a state value as large as
 * ScoringJob's is on average ({@link EntityStateSizes}), but no feature math and no model. What
 * ScoringJob costs beyond it is Vigil's own overhead: features, scoring and the richer output.
 */
public final class SkeletonJob {

    public static final String NAME = "vigil-skeleton";

    /** Key prefix of events without the entity's key (then followed by the event's id). */
    private static final String NO_KEY = "\u0000";

    private SkeletonJob() {}

    /**
     * @param stateBytes bytes of state per entity, in spec order
     */
    public static void addTo(
            StreamExecutionEnvironment env, ScoringJobConfig config, int[] stateBytes) {
        FeatureSpec spec = FeatureSpecs.load(config.featureSpec());
        DataStream<Event> events = PassthroughJob.decoded(env, config, spec, "skeleton");
        List<EntitySpec> entities = spec.entities();
        for (int i = 0; i < entities.size(); i++) {
            EntitySpec entity = entities.get(i);
            events =
                    events.keyBy(new EntityKey(spec, entity.keys()))
                            .process(new TouchState(stateBytes[i]))
                            .returns(events.getType())
                            .uid("skeleton-" + entity.name())
                            .name("state of " + entity.name());
        }
        PassthroughJob.writePredictions(events, config, "skeleton");
    }

    /** The entity's key; events without one are spread by their id, as ScoringJob does. */
    private static final class EntityKey implements KeySelector<Event, String> {
        private static final long serialVersionUID = 1L;
        private final FeatureSpec spec;
        private final List<String> fields;
        private transient Function<Event, String> key;

        EntityKey(FeatureSpec spec, List<String> fields) {
            this.spec = spec;
            this.fields = fields;
        }

        @Override
        public String getKey(Event event) {
            if (key == null) {
                key = EventFields.key(spec.layout(), fields);
            }
            String value = key.apply(event);
            return value == null ? NO_KEY + event.id : value;
        }
    }

    /** Reads the entity's value (or starts one of the given size), changes a byte, writes it. */
    private static final class TouchState extends KeyedProcessFunction<String, Event, Event> {
        private static final long serialVersionUID = 1L;
        private final int bytes;
        private transient ValueState<byte[]> state;

        TouchState(int bytes) {
            this.bytes = bytes;
        }

        @Override
        public void open(OpenContext context) {
            state =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "skeleton-state",
                                            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        }

        @Override
        public void processElement(Event event, Context ctx, Collector<Event> out)
                throws Exception {
            if (!ctx.getCurrentKey().startsWith(NO_KEY)) {
                byte[] value = state.value();
                if (value == null) {
                    value = new byte[bytes];
                }
                if (value.length > 0) {
                    value[(int) (event.eventTime & 0x7fffffff) % value.length]++;
                }
                state.update(value);
            }
            out.collect(event);
        }
    }
}
