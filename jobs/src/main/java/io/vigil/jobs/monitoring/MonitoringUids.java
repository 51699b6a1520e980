package io.vigil.jobs.monitoring;

/**
 * Operator ids of the monitoring job: savepoints map state to these, never change a released one.
 */
public final class MonitoringUids {

    public static final String PREDICTIONS_SOURCE = "predictions-source";
    public static final String DRIFT = "drift-monitor";
    public static final String DRIFT_STATS_SINK = "drift-stats-sink";
    public static final String LABELS_SOURCE = "labels-source";
    public static final String LABEL_JOIN = "label-join";
    public static final String PERFORMANCE = "performance-monitor";
    public static final String PERFORMANCE_STATS_SINK = "performance-stats-sink";
    public static final String SEGMENTS = "segment-monitor";
    public static final String SEGMENT_STATS_SINK = "segment-stats-sink";
    public static final String RETRAIN_POLICY = "retrain-policy";
    public static final String RETRAIN_REQUESTS_SINK = "retrain-requests-sink";

    private MonitoringUids() {}
}
