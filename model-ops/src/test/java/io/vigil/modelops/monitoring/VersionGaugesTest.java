package io.vigil.modelops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class VersionGaugesTest {

    @Test
    void gaugesShowTheLatestWindowOfEachVersionAndNaNWhileUndefined() {
        CapturingGroup metrics = new CapturingGroup("");
        VersionGauges gauges = new VersionGauges(metrics);

        gauges.set("fraud", "1", "scorePsi", 0.05);
        gauges.set("fraud", "2", "scorePsi", null);
        gauges.set("fraud", "1", "scorePsi", 0.31);
        gauges.set("fraud", "1", "auc", 0.91);

        assertThat(metrics.value("model.fraud.version.1.scorePsi")).isEqualTo(0.31);
        assertThat(metrics.value("model.fraud.version.1.auc")).isEqualTo(0.91);
        assertThat(metrics.value("model.fraud.version.2.scorePsi")).isNaN();
        assertThat(metrics.registered).as("registered once, not per window").hasSize(3);
    }

    @Test
    void eachFeatureHasItsOwnGaugeUnderItsVersion() {
        CapturingGroup metrics = new CapturingGroup("");
        VersionGauges gauges = new VersionGauges(metrics);

        gauges.setFeature("fraud", "1", "amount", "psi", 0.4);
        gauges.setFeature("fraud", "1", "hour", "psi", 0.02);
        gauges.setFeature("fraud", "1", "amount", "psi", 0.1);

        assertThat(metrics.value("model.fraud.version.1.feature.amount.psi")).isEqualTo(0.1);
        assertThat(metrics.value("model.fraud.version.1.feature.hour.psi")).isEqualTo(0.02);
        assertThat(metrics.registered).hasSize(2);
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
