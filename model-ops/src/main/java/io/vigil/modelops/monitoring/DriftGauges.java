package io.vigil.modelops.monitoring;

import io.vigil.schemas.DriftStats;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The latest closed window's drift of each model version as Flink gauges, under {@code
 * model.<name>.version.<version>}: {@code scorePsi} and {@code maxFeaturePsi} (NaN without a
 * reference profile). Dashboards and alerts read them from the metrics reporter; the full
 * statistics stay on the drift-stats topic.
 */
final class DriftGauges {

    private final MetricGroup operatorGroup;
    private final Map<String, double[]> latest = new HashMap<>();

    DriftGauges(MetricGroup operatorGroup) {
        this.operatorGroup = operatorGroup;
    }

    void update(DriftStats stats) {
        double[] values =
                latest.computeIfAbsent(
                        stats.getModelName() + ":" + stats.getModelVersion(),
                        id -> register(stats));
        values[0] = stats.getScore() == null ? Double.NaN : stats.getScore().getPsi();
        values[1] = stats.getMaxFeaturePsi() == null ? Double.NaN : stats.getMaxFeaturePsi();
    }

    private double[] register(DriftStats stats) {
        double[] values = {Double.NaN, Double.NaN};
        MetricGroup group =
                operatorGroup
                        .addGroup("model", stats.getModelName())
                        .addGroup("version", stats.getModelVersion());
        group.gauge("scorePsi", (Gauge<Double>) () -> values[0]);
        group.gauge("maxFeaturePsi", (Gauge<Double>) () -> values[1]);
        return values;
    }
}
