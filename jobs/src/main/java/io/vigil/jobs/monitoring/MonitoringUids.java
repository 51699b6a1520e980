package io.vigil.jobs.monitoring;

/** Operator ids of the monitoring job: savepoints map state to these, never change a released one. */
public final class MonitoringUids {

    public static final String PREDICTIONS_SOURCE = "predictions-source";
    public static final String DRIFT = "drift-monitor";
    public static final String DRIFT_STATS_SINK = "drift-stats-sink";

    private MonitoringUids() {}
}
