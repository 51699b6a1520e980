package io.vigil.modelops.monitoring;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Tumbling event-time windows per key with one mergeable accumulator each, in a map state (window
 * start to accumulator): an input is added to the window of {@link #timeOf}; when the watermark
 * passes a window's end, {@link #result} is emitted and the window forgotten. An input whose window
 * has closed is counted in the {@code lateRecords} counter and left out.
 *
 * @param <I> input
 * @param <A> accumulator (a Flink POJO)
 * @param <O> result
 */
public abstract class EventTimeWindows<I, A, O> extends KeyedProcessFunction<String, I, O> {

    private static final long serialVersionUID = 1L;

    private final String stateName;
    private final Class<A> accumulatorType;
    protected final long windowMs;

    private transient MapState<Long, A> windows;
    private transient Counter late;

    /**
     * @param stateName name of the windows' state: part of savepoints, never rename
     */
    protected EventTimeWindows(String stateName, Class<A> accumulatorType, long windowMs) {
        if (windowMs <= 0) {
            throw new IllegalArgumentException(
                    "the window must be positive (was " + windowMs + " ms)");
        }
        this.stateName = stateName;
        this.accumulatorType = accumulatorType;
        this.windowMs = windowMs;
    }

    /** Event time of an input, epoch ms. */
    protected abstract long timeOf(I input);

    /** A new, empty accumulator for {@code key}'s window that {@code first} opens. */
    protected abstract A create(String key, I first);

    protected abstract void add(String key, A accumulator, I input);

    protected abstract O result(String key, A accumulator, long windowStart, long windowEnd);

    @Override
    public void open(OpenContext openContext) {
        windows =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        stateName,
                                        Types.LONG,
                                        TypeInformation.of(accumulatorType)));
        late = getRuntimeContext().getMetricGroup().counter("lateRecords");
    }

    @Override
    public void processElement(I input, Context ctx, Collector<O> out) throws Exception {
        long start = Math.floorDiv(timeOf(input), windowMs) * windowMs;
        long end = start + windowMs;
        if (end - 1 <= ctx.timerService().currentWatermark()) {
            late.inc();
            return;
        }
        A window = windows.get(start);
        if (window == null) {
            window = create(ctx.getCurrentKey(), input);
            ctx.timerService().registerEventTimeTimer(end - 1);
        }
        add(ctx.getCurrentKey(), window, input);
        windows.put(start, window);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
        long start = timestamp + 1 - windowMs;
        A window = windows.get(start);
        if (window != null) {
            windows.remove(start);
            out.collect(result(ctx.getCurrentKey(), window, start, start + windowMs));
        }
    }
}
