package io.vigil.features.engine;

import io.vigil.features.events.Event;
import io.vigil.features.spec.Aggregation;
import java.util.function.ToDoubleFunction;

/**
 * The entity's latest events (time and location, at most {@value EntityFeatureEngine#RECENT}) and
 * the features read from them: seconds since the previous event and the speed from its location.
 */
final class RecentEvents {

    /** Value of time_since_previous without a previous event (and its cap): 30 days. */
    static final double NO_PREVIOUS_SECONDS = 30 * 24 * 3600.0;

    private final ToDoubleFunction<Event> latitude;
    private final ToDoubleFunction<Event> longitude;

    /**
     * @param latitude the location's latitude in an event (NaN when absent or not declared)
     */
    RecentEvents(ToDoubleFunction<Event> latitude, ToDoubleFunction<Event> longitude) {
        this.latitude = latitude;
        this.longitude = longitude;
    }

    /** time_since_previous or geo_velocity of {@code e}, from the entity's recent events. */
    double feature(EntityState s, Event e, Aggregation aggregation) {
        int previous = -1;
        for (int i = 0; i < s.recentTimes.length; i++) {
            if (s.recentTimes[i] != Long.MIN_VALUE
                    && s.recentTimes[i] <= e.eventTime
                    && (previous < 0 || s.recentTimes[i] >= s.recentTimes[previous])) {
                previous = i;
            }
        }
        if (previous < 0) {
            return aggregation == Aggregation.TIME_SINCE_PREVIOUS ? NO_PREVIOUS_SECONDS : 0;
        }
        double seconds = (e.eventTime - s.recentTimes[previous]) / 1000.0;
        if (aggregation == Aggregation.TIME_SINCE_PREVIOUS) {
            return Math.min(seconds, NO_PREVIOUS_SECONDS);
        }
        double lat = s.recentLatitudes[previous];
        double lon = s.recentLongitudes[previous];
        double latitudeNow = latitude.applyAsDouble(e);
        double longitudeNow = longitude.applyAsDouble(e);
        if (Double.isNaN(latitudeNow)
                || Double.isNaN(longitudeNow)
                || Double.isNaN(lat)
                || Double.isNaN(lon)) {
            return 0;
        }
        return GeoDistance.kilometres(lat, lon, latitudeNow, longitudeNow)
                / Math.max(seconds / 3600.0, 1.0 / 60);
    }

    /**
     * Keeps the event among the {@value EntityFeatureEngine#RECENT} latest, replacing the oldest:
     * no allocation.
     */
    void remember(EntityState s, long time, double lat, double lon) {
        int slot = 0;
        for (int i = 1; i < s.recentTimes.length; i++) {
            if (s.recentTimes[i] < s.recentTimes[slot]) {
                slot = i;
            }
        }
        if (s.recentTimes[slot] > time) {
            return; // older than every event kept
        }
        s.recentTimes[slot] = time;
        s.recentLatitudes[slot] = lat;
        s.recentLongitudes[slot] = lon;
    }

    double latitudeOf(Event e) {
        return latitude.applyAsDouble(e);
    }

    double longitudeOf(Event e) {
        return longitude.applyAsDouble(e);
    }
}
