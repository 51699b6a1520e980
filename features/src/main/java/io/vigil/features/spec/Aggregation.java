package io.vigil.features.spec;

import java.util.Locale;

/** What a declared feature computes over an entity's earlier events. */
public enum Aggregation {
    /** Number of events in the window. */
    COUNT(false, false, true),
    /** Sum of a numeric field over the window. */
    SUM(true, true, true),
    /** Mean of a numeric field over the window (0 without events). */
    MEAN(true, true, true),
    MIN(true, true, true),
    MAX(true, true, true),
    /** Population standard deviation of a numeric field over the window. */
    STDDEV(true, true, true),
    /** How many standard deviations the current value is from the window's mean. */
    ZSCORE(true, true, true),
    /** The current value divided by the window's mean (1 without history). */
    RATIO_TO_MEAN(true, true, true),
    /** Distinct values of a field in the window. */
    DISTINCT_COUNT(true, false, true),
    /** 1 if the current value of a field was not seen in the window, else 0. */
    FIRST_SEEN(true, false, true),
    /** Seconds since the entity's previous event. */
    TIME_SINCE_PREVIOUS(false, false, false),
    /** km/h from the previous event's location to this one's. */
    GEO_VELOCITY(false, false, false),
    /** The current transaction's value of a numeric field (e.g. its amount). */
    CURRENT(true, true, false),
    /** 1 if the current transaction passes the feature's filter (e.g. channel ONLINE), else 0. */
    MATCHES(false, false, false),
    /**
     * Share of the window's events (the latest {@value
     * io.vigil.features.engine.EntityFeatureEngine#DISTINCT_CAPACITY} at most) whose field had the
     * current event's value; 0 without any.
     */
    FREQUENCY(true, false, true),
    /**
     * The current event's value of a field, as text: a categorical input for models that take
     * strings. Not part of the numeric vector.
     */
    VALUE(true, false, false),
    /**
     * One 0/1 feature per value of a declared vocabulary ({@code <name>_<value>}): read by the
     * parser into one {@link #MATCHES} feature per value, so the engine never sees it.
     */
    ONE_HOT(true, false, false);

    private final boolean needsField;
    private final boolean numericField;
    private final boolean windowed;

    Aggregation(boolean needsField, boolean numericField, boolean windowed) {
        this.needsField = needsField;
        this.numericField = numericField;
        this.windowed = windowed;
    }

    public boolean needsField() {
        return needsField;
    }

    public boolean needsNumericField() {
        return numericField;
    }

    public boolean windowed() {
        return windowed;
    }

    /** The spelling in spec files, e.g. {@code distinct_count}. */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
