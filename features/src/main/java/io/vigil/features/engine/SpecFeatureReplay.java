package io.vigil.features.engine;

import io.vigil.features.events.Event;
import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.FeatureSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Computes a whole spec's feature vectors offline, outside Flink, over events in the order the job
 * would process them, with the same {@link EntityFeatureEngine}s the job runs. Holds every entity's
 * state in memory: for bounded data (training sets, tests).
 */
public final class SpecFeatureReplay {

    private final List<EntityFeatureEngine> engines = new ArrayList<>();
    private final List<Map<String, EntityState>> states = new ArrayList<>();
    private final int size;

    public SpecFeatureReplay(FeatureSpec spec) {
        int total = 0;
        for (EntitySpec entity : spec.entities()) {
            EntityFeatureEngine engine = new EntityFeatureEngine(entity, spec.layout());
            engines.add(engine);
            states.add(new HashMap<>());
            total += engine.size();
        }
        this.size = total;
    }

    /** The feature vector of {@code event}, which then joins every entity's history. */
    public double[] next(Event event) {
        return next(event, (entity, state) -> {});
    }

    /**
     * The feature vector of {@code event}, which then joins every entity's history; {@code reads}
     * sees each entity state the event reads (before the event joins it).
     */
    public double[] next(Event event, BiConsumer<Integer, EntityState> reads) {
        double[] features = new double[size];
        int offset = 0;
        for (int i = 0; i < engines.size(); i++) {
            EntityFeatureEngine engine = engines.get(i);
            String key = engine.keyOf(event);
            if (key == null) {
                engine.compute(engine.newState(), event, features, offset);
            } else {
                EntityState state = states.get(i).computeIfAbsent(key, k -> engine.newState());
                reads.accept(i, state);
                engine.compute(state, event, features, offset);
                engine.update(state, event);
            }
            offset += engine.size();
        }
        return features;
    }
}
