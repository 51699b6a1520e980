package io.vigil.modelops.monitoring;

import io.vigil.schemas.SegmentStats;

/**
 * Performance and disparity by declared segment, per model version (the key, {@code name:version})
 * over tumbling windows of maturity time: when the watermark passes a window's end, the {@link
 * SegmentStats} of the outcomes that matured in it are emitted.
 */
public class SegmentMonitorFunction
        extends EventTimeWindows<LabelledOutcome, SegmentAccumulator, SegmentStats> {

    private static final long serialVersionUID = 1L;

    /** State name: part of savepoints, never rename. */
    public static final String WINDOWS = "segment-windows";

    private final String[] names;
    private final SegmentRules rules;

    /**
     * @param names the declared segments' names, in the order of {@link LabelledOutcome#segments}
     */
    public SegmentMonitorFunction(long windowMs, String[] names, SegmentRules rules) {
        super(WINDOWS, SegmentAccumulator.class, windowMs);
        this.names = names.clone();
        this.rules = rules;
    }

    @Override
    protected long timeOf(LabelledOutcome outcome) {
        return outcome.maturedAt;
    }

    @Override
    protected SegmentAccumulator create(String key, LabelledOutcome first) {
        return new SegmentAccumulator();
    }

    @Override
    protected void add(String key, SegmentAccumulator window, LabelledOutcome outcome) {
        window.add(names, outcome);
    }

    @Override
    protected SegmentStats result(String key, SegmentAccumulator window, long start, long end) {
        String[] id = key.split(":", 2);
        return new SegmentReport(rules, names)
                .of(window, id[0], id[1], start, end, System.currentTimeMillis());
    }
}
