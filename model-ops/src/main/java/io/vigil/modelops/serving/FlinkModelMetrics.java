package io.vigil.modelops.serving;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Flink metrics of one model version, under {@code model.<name>.version.<version>}: {@code
 * predictions} and {@code errors} (counters), {@code scoringLatencyMicros} (ONNX Runtime time per
 * row) and {@code scorePermille} (scores in thousandths, 0-1000) histograms.
 */
final class FlinkModelMetrics implements ModelMetrics {

    private final Counter predictions;
    private final Counter errors;
    private final Histogram latency;
    private final Histogram scores;

    FlinkModelMetrics(MetricGroup operatorGroup, String model, String version) {
        MetricGroup group = operatorGroup.addGroup("model", model).addGroup("version", version);
        predictions = group.counter("predictions");
        errors = group.counter("errors");
        latency = group.histogram("scoringLatencyMicros", new DescriptiveStatisticsHistogram(1000));
        scores = group.histogram("scorePermille", new DescriptiveStatisticsHistogram(1000));
    }

    @Override
    public void scored(int count, long latencyMicros) {
        predictions.inc(count);
        latency.update(latencyMicros);
    }

    @Override
    public void score(double score) {
        scores.update(Math.round(score * 1000));
    }

    @Override
    public void error() {
        errors.inc();
    }
}
