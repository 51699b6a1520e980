package io.vigil.modelops.monitoring;

import io.vigil.schemas.DriftStats;
import io.vigil.schemas.Prediction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drift statistics per model version (the key, {@code name:version}) in tumbling event-time windows:
 * each prediction is counted into its window's {@link DriftAccumulator}; when the watermark passes
 * the window's end, its {@link DriftStats} are emitted and the state is cleared. A prediction whose
 * window has already closed is counted in the {@code latePredictions} metric and left out.
 */
public class DriftMonitorFunction extends KeyedProcessFunction<String, Prediction, DriftStats> {

    private static final long serialVersionUID = 1L;

    /** State name: part of savepoints, never rename. */
    public static final String WINDOWS = "drift-windows";

    private final long windowMs;
    private final ProfileCatalog profiles;

    private transient MapState<Long, DriftAccumulator> windows;
    private transient Counter late;

    public DriftMonitorFunction(long windowMs, ProfileCatalog profiles) {
        if (windowMs <= 0) {
            throw new IllegalArgumentException("the drift window must be positive (was " + windowMs + " ms)");
        }
        this.windowMs = windowMs;
        this.profiles = profiles;
    }

    /** Keys predictions by the model version that decided them. */
    public static KeySelector<Prediction, String> byModelVersion() {
        return p -> p.getModelName() + ":" + p.getModelVersion();
    }

    @Override
    public void open(OpenContext openContext) {
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>(WINDOWS, Types.LONG, TypeInformation.of(DriftAccumulator.class)));
        late = getRuntimeContext().getMetricGroup().counter("latePredictions");
    }

    @Override
    public void processElement(Prediction prediction, Context ctx, Collector<DriftStats> out) throws Exception {
        long start = Math.floorDiv(prediction.getEventTime().toEpochMilli(), windowMs) * windowMs;
        long end = start + windowMs;
        if (end - 1 <= ctx.timerService().currentWatermark()) {
            late.inc();
            return;
        }
        ReferenceProfile profile = profiles.profileOf(prediction.getModelName(), prediction.getModelVersion());
        DriftAccumulator window = windows.get(start);
        if (window == null) {
            window = DriftAccumulator.forProfile(profile);
            ctx.timerService().registerEventTimeTimer(end - 1);
        }
        window.add(window.isLaidOutFor(profile) ? profile : null, prediction);
        windows.put(start, window);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DriftStats> out) throws Exception {
        long start = timestamp + 1 - windowMs;
        DriftAccumulator window = windows.get(start);
        if (window == null) {
            return;
        }
        windows.remove(start);
        String[] id = ctx.getCurrentKey().split(":", 2);
        ReferenceProfile profile = profiles.profileOf(id[0], id[1]);
        out.collect(window.toStats(window.isLaidOutFor(profile) ? profile : null, id[0], id[1], start, start + windowMs,
                System.currentTimeMillis()));
    }
}
