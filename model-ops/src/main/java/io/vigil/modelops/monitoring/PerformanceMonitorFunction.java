package io.vigil.modelops.monitoring;

import io.vigil.schemas.PerformanceStats;
import org.apache.flink.api.common.functions.OpenContext;

/**
 * Performance per model version (the key, {@code name:version}) over tumbling windows of maturity
 * time: when the watermark passes a window's end, the {@link PerformanceStats} of the outcomes that
 * matured in it are emitted, and its {@code auc}, {@code precision} and {@code recall} kept as
 * gauges ({@link VersionGauges}; NaN while undefined, e.g. a window without frauds).
 */
public class PerformanceMonitorFunction
        extends EventTimeWindows<LabelledOutcome, PerformanceAccumulator, PerformanceStats> {

    private static final long serialVersionUID = 1L;

    /** State name: part of savepoints, never rename. */
    public static final String WINDOWS = "performance-windows";

    private transient VersionGauges gauges;

    public PerformanceMonitorFunction(long windowMs) {
        super(WINDOWS, PerformanceAccumulator.class, windowMs);
    }

    @Override
    public void open(OpenContext openContext) {
        super.open(openContext);
        gauges = new VersionGauges(getRuntimeContext().getMetricGroup());
    }

    @Override
    protected long timeOf(LabelledOutcome outcome) {
        return outcome.maturedAt;
    }

    @Override
    protected PerformanceAccumulator create(String key, LabelledOutcome first) {
        return new PerformanceAccumulator();
    }

    @Override
    protected void add(String key, PerformanceAccumulator window, LabelledOutcome outcome) {
        window.add(outcome);
    }

    @Override
    protected PerformanceStats result(
            String key, PerformanceAccumulator window, long start, long end) {
        String[] id = key.split(":", 2);
        PerformanceStats stats =
                window.toStats(id[0], id[1], start, end, System.currentTimeMillis());
        gauges.set(id[0], id[1], "auc", stats.getAuc());
        gauges.set(id[0], id[1], "precision", stats.getPrecision());
        gauges.set(id[0], id[1], "recall", stats.getRecall());
        return stats;
    }
}
