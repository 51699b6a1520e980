package org.apache.flink.metrics.prometheus;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Creates a {@link LoopbackPrometheusReporter}: {@code metrics.reporter.<name>.factory.class: }this
 * class, {@code metrics.reporter.<name>.port: }the port on 127.0.0.1.
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {

    /** The reporter's option naming its port. */
    public static final String PORT = "port";

    @Override
    public LoopbackPrometheusReporter createMetricReporter(Properties properties) {
        String port = properties.getProperty(PORT);
        if (port == null || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65_535) {
            throw new IllegalArgumentException(
                    "the Prometheus reporter needs a port from 0 to 65535 (was " + port + ")");
        }
        return new LoopbackPrometheusReporter(Integer.parseInt(port));
    }
}
