package io.vigil.modelops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.DistributionDrift;
import io.vigil.schemas.DriftStats;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class DriftGaugesTest {

    @Test
    void gaugesShowTheLatestWindowOfEachVersionAndNaNWithoutAProfile() {
        CapturingGroup metrics = new CapturingGroup("");
        DriftGauges gauges = new DriftGauges(metrics);

        gauges.update(stats("1", 0.05, 0.12));
        gauges.update(stats("2", null, null));
        gauges.update(stats("1", 0.31, 0.44));

        assertThat(metrics.value("model.fraud.version.1.scorePsi")).isEqualTo(0.31);
        assertThat(metrics.value("model.fraud.version.1.maxFeaturePsi")).isEqualTo(0.44);
        assertThat(metrics.value("model.fraud.version.2.scorePsi")).isNaN();
        assertThat(metrics.registered).as("registered once per version, not per window").hasSize(4);
    }

    private static DriftStats stats(String version, Double scorePsi, Double maxFeaturePsi) {
        return DriftStats.newBuilder()
                .setModelName("fraud")
                .setModelVersion(version)
                .setWindowStart(Instant.EPOCH)
                .setWindowEnd(Instant.EPOCH)
                .setPredictions(10)
                .setFlagged(1)
                .setPositiveRate(0.1)
                .setMeanScore(0.2)
                .setScore(
                        scorePsi == null
                                ? null
                                : new DistributionDrift(scorePsi, 0.1, 0.1, 0.0, 0.0))
                .setMaxFeaturePsi(maxFeaturePsi)
                .setMostDriftedFeature(maxFeaturePsi == null ? null : "amount")
                .setComputedAt(Instant.EPOCH)
                .build();
    }

    /** Records every metric registered under it (or its key-value subgroups) by dotted name. */
    private static final class CapturingGroup extends UnregisteredMetricsGroup {

        private final String prefix;
        private final Map<String, Metric> registered;

        CapturingGroup(String prefix) {
            this(prefix, new HashMap<>());
        }

        private CapturingGroup(String prefix, Map<String, Metric> registered) {
            this.prefix = prefix;
            this.registered = registered;
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return new CapturingGroup(prefix + key + "." + value + ".", registered);
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            registered.put(prefix + name, gauge);
            return gauge;
        }

        @SuppressWarnings("unchecked")
        double value(String name) {
            return ((Gauge<Double>) registered.get(name)).getValue();
        }
    }
}
