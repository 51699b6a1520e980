package io.vigil.jobs.monitoring;

import io.vigil.schemas.Prediction;
import org.apache.flink.api.common.functions.FilterFunction;

/**
 * Keeps predictions with an event time from a point on ({@code vigil.monitoring.ignore-before}).
 */
final class EventTimeFrom implements FilterFunction<Prediction> {

    private static final long serialVersionUID = 1L;

    private final long fromMillis;

    EventTimeFrom(long fromMillis) {
        this.fromMillis = fromMillis;
    }

    @Override
    public boolean filter(Prediction prediction) {
        return prediction.getEventTime().toEpochMilli() >= fromMillis;
    }
}
