package io.vigil.modelops.monitoring;

import io.vigil.modelops.manifest.ReferenceProfile;
import io.vigil.schemas.DistributionDrift;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.Prediction;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Drift statistics per model version (the key, {@code name:version}) in tumbling event-time
 * windows: each prediction is counted into its window's {@link DriftAccumulator}, binned by the
 * version's reference profile; when the watermark passes the window's end its {@link DriftStats}
 * are emitted and the latest score PSI, worst feature PSI and each feature's PSI are kept as gauges
 * ({@code scorePsi}, {@code maxFeaturePsi}, {@code feature.<name>.psi}; see {@link VersionGauges}).
 */
public class DriftMonitorFunction
        extends EventTimeWindows<Prediction, DriftAccumulator, DriftStats> {

    private static final long serialVersionUID = 1L;

    /** State name: part of savepoints, never rename. */
    public static final String WINDOWS = "drift-windows";

    private final ProfileCatalog profiles;
    private transient VersionGauges gauges;

    public DriftMonitorFunction(long windowMs, ProfileCatalog profiles) {
        super(WINDOWS, DriftAccumulator.class, windowMs);
        this.profiles = profiles;
    }

    @Override
    public void open(OpenContext openContext) {
        super.open(openContext);
        gauges = new VersionGauges(getRuntimeContext().getMetricGroup());
    }

    /** Keys predictions by the model version that decided them. */
    public static KeySelector<Prediction, String> byModelVersion() {
        return p -> p.getModelName() + ":" + p.getModelVersion();
    }

    @Override
    protected long timeOf(Prediction prediction) {
        return prediction.getEventTime().toEpochMilli();
    }

    @Override
    protected DriftAccumulator create(String key, Prediction first) {
        return DriftAccumulator.forProfile(
                profiles.profileOf(first.getModelName(), first.getModelVersion()));
    }

    @Override
    protected void add(String key, DriftAccumulator window, Prediction prediction) {
        ReferenceProfile profile =
                profiles.profileOf(prediction.getModelName(), prediction.getModelVersion());
        window.add(window.isLaidOutFor(profile) ? profile : null, prediction);
    }

    @Override
    protected DriftStats result(String key, DriftAccumulator window, long start, long end) {
        String[] id = key.split(":", 2);
        ReferenceProfile profile = profiles.profileOf(id[0], id[1]);
        DriftStats stats =
                window.toStats(
                        window.isLaidOutFor(profile) ? profile : null,
                        id[0],
                        id[1],
                        start,
                        end,
                        System.currentTimeMillis());
        gauges.set(
                id[0],
                id[1],
                "scorePsi",
                stats.getScore() == null ? null : stats.getScore().getPsi());
        gauges.set(id[0], id[1], "maxFeaturePsi", stats.getMaxFeaturePsi());
        for (Map.Entry<String, DistributionDrift> feature : stats.getFeatures().entrySet()) {
            gauges.setFeature(id[0], id[1], feature.getKey(), "psi", feature.getValue().getPsi());
        }
        return stats;
    }
}
