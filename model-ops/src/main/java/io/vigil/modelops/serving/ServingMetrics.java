package io.vigil.modelops.serving;

import io.vigil.modelops.manifest.ModelManifest;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The scoring operator's metrics, each name defined once: per operator {@value #PIPELINE_LATENCY}
 * (histogram), {@value #WAITING_EVENTS} (gauge), {@value #SKIPPED_MODEL_EVENTS}, {@value
 * #QUARANTINED_VERSIONS} and {@value #UNSCORED} (counters); per model version those of {@link
 * FlinkModelMetrics}.
 */
final class ServingMetrics {

    /** Milliseconds from decoding a transaction to scoring it, per prediction (histogram). */
    static final String PIPELINE_LATENCY = "pipelineLatencyMillis";

    /** Events waiting for a version to score them (gauge). */
    static final String WAITING_EVENTS = "waitingEvents";

    /** Registry records skipped as malformed (counter). */
    static final String SKIPPED_MODEL_EVENTS = "skippedModelEvents";

    /** Versions quarantined after failing at run time (counter). */
    static final String QUARANTINED_VERSIONS = "quarantinedVersions";

    /** Events dead-lettered NO_MODEL (counter). */
    static final String UNSCORED = "unscoredEvents";

    private final MetricGroup group;
    private final Map<String, ModelMetrics> perVersion = new HashMap<>();
    final Histogram pipelineLatency;
    final Counter skippedModelEvents;
    final Counter quarantinedVersions;
    final Counter unscored;

    ServingMetrics(MetricGroup group, IntSupplier waiting) {
        this.group = group;
        pipelineLatency =
                group.histogram(PIPELINE_LATENCY, new DescriptiveStatisticsHistogram(1000));
        skippedModelEvents = group.counter(SKIPPED_MODEL_EVENTS);
        quarantinedVersions = group.counter(QUARANTINED_VERSIONS);
        unscored = group.counter(UNSCORED);
        group.gauge(WAITING_EVENTS, waiting::getAsInt);
    }

    /** The metrics of one model version, registered on first use. */
    ModelMetrics of(ModelManifest manifest) {
        return perVersion.computeIfAbsent(
                manifest.id(),
                id -> new FlinkModelMetrics(group, manifest.name(), manifest.version()));
    }
}
