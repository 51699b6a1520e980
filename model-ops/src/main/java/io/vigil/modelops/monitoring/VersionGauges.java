package io.vigil.modelops.monitoring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The latest closed window's statistics of each model version as Flink gauges, under {@code
 * model.<name>.version.<version>}, and {@code ...feature.<feature>} for those of one feature. A
 * gauge is registered when its statistic is first set and reads NaN while the latest window leaves
 * it undefined (no labels, no reference profile). Dashboards and alerts read them from the metrics
 * reporter; the full statistics stay on the drift-stats and performance topics.
 */
final class VersionGauges {

    private final MetricGroup operatorGroup;
    private final Map<List<String>, double[]> latest = new HashMap<>();

    VersionGauges(MetricGroup operatorGroup) {
        this.operatorGroup = operatorGroup;
    }

    /** Sets statistic {@code name} of version {@code model:version}; null reads NaN. */
    void set(String model, String version, String name, Double value) {
        cell(List.of(model, version, name), () -> versionGroup(model, version), name)[0] =
                value == null ? Double.NaN : value;
    }

    /** Sets statistic {@code name} of {@code feature} under version {@code model:version}. */
    void setFeature(String model, String version, String feature, String name, Double value) {
        cell(
                        List.of(model, version, feature, name),
                        () -> versionGroup(model, version).addGroup("feature", feature),
                        name)[0] =
                value == null ? Double.NaN : value;
    }

    private double[] cell(List<String> key, Supplier<MetricGroup> group, String name) {
        return latest.computeIfAbsent(
                key,
                k -> {
                    double[] value = {Double.NaN};
                    group.get().gauge(name, (Gauge<Double>) () -> value[0]);
                    return value;
                });
    }

    private MetricGroup versionGroup(String model, String version) {
        // Flink returns the existing group for a name already added, so this is cheap to repeat.
        return operatorGroup.addGroup("model", model).addGroup("version", version);
    }
}
