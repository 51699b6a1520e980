package io.vigil.modelops.monitoring;

import io.vigil.schemas.DriftStats;
import io.vigil.schemas.PerformanceStats;
import io.vigil.schemas.RetrainEvidence;
import io.vigil.schemas.RetrainRequest;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.RecordDecodingException;
import io.vigil.schemas.codec.WireFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns a model's window statistics into retrain requests by {@link RetrainThresholds}: one request
 * per degradation, never a storm. Flink-free; state lives in a {@link PolicyState} per model.
 */
public final class RetrainPolicy {

    public static final String DRIFT = "DRIFT";
    public static final String PERFORMANCE = "PERFORMANCE";

    private final RetrainThresholds thresholds;
    private final RecordCodec<RetrainEvidence> codec = WireFormat.AVRO.codec(RetrainEvidence.class);

    public RetrainPolicy(RetrainThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /**
     * Folds a drift window into {@code state}; returns a request when this window completes a run,
     * else null.
     */
    public RetrainRequest onDrift(PolicyState state, DriftStats window, long now) {
        if (window.getPredictions() < thresholds.minPredictions() || window.getScore() == null) {
            return null; // too little to judge (or nothing to judge against): neither counts nor
            // breaks a run
        }
        RetrainEvidence evidence = null;
        if (window.getScore().getPsi() > thresholds.maxScorePsi()) {
            evidence =
                    evidence(
                            window.getWindowStart(),
                            window.getWindowEnd(),
                            "scorePsi",
                            window.getScore().getPsi(),
                            thresholds.maxScorePsi(),
                            window.getPredictions());
        } else if (window.getMaxFeaturePsi() != null
                && window.getMaxFeaturePsi() > thresholds.maxFeaturePsi()) {
            evidence =
                    evidence(
                            window.getWindowStart(),
                            window.getWindowEnd(),
                            "featurePsi:" + window.getMostDriftedFeature(),
                            window.getMaxFeaturePsi(),
                            thresholds.maxFeaturePsi(),
                            window.getPredictions());
        }
        if (!window.getModelVersion().equals(state.driftVersion)) {
            state.driftVersion = window.getModelVersion();
            state.driftEvidence = new byte[0][];
        }
        state.driftEvidence = extend(state.driftEvidence, evidence);
        return decide(
                state,
                DRIFT,
                window.getModelName(),
                window.getModelVersion(),
                state.driftEvidence,
                now);
    }

    /**
     * Folds a performance window into {@code state}; returns a request when this window completes a
     * run, else null.
     */
    public RetrainRequest onPerformance(PolicyState state, PerformanceStats window, long now) {
        if (thresholds.minAuc() == null
                || window.getLabelled() < thresholds.minLabelled()
                || window.getAuc() == null) {
            return null;
        }
        RetrainEvidence evidence =
                window.getAuc() < thresholds.minAuc()
                        ? evidence(
                                window.getWindowStart(),
                                window.getWindowEnd(),
                                "auc",
                                window.getAuc(),
                                thresholds.minAuc(),
                                window.getLabelled())
                        : null;
        if (!window.getModelVersion().equals(state.performanceVersion)) {
            state.performanceVersion = window.getModelVersion();
            state.performanceEvidence = new byte[0][];
        }
        state.performanceEvidence = extend(state.performanceEvidence, evidence);
        return decide(
                state,
                PERFORMANCE,
                window.getModelName(),
                window.getModelVersion(),
                state.performanceEvidence,
                now);
    }

    private RetrainRequest decide(
            PolicyState state,
            String trigger,
            String model,
            String version,
            byte[][] run,
            long now) {
        if (run.length < thresholds.persistence()) {
            return null;
        }
        List<RetrainEvidence> evidence = new ArrayList<>();
        for (byte[] encoded : run) {
            try {
                evidence.add(codec.decode(encoded));
            } catch (RecordDecodingException e) {
                throw new IllegalStateException(
                        "the policy's own evidence does not decode: state corrupted", e);
            }
        }
        long windowEnd = evidence.get(evidence.size() - 1).getWindowEnd().toEpochMilli();
        if (windowEnd < state.quietUntil) {
            return null; // too soon after the last request: the retrainer is at work, or its model
            // is being tried
        }
        state.quietUntil = windowEnd + thresholds.coolDown().toMillis();
        state.driftEvidence = new byte[0][];
        state.performanceEvidence = new byte[0][];
        RetrainEvidence last = evidence.get(evidence.size() - 1);
        String reason =
                String.format(
                        Locale.ROOT,
                        "%s of %s:%s past %s in %d windows in a row (last %.3f, threshold %.3f)",
                        last.getMetric(),
                        model,
                        version,
                        trigger.equals(DRIFT) ? "its drift threshold" : "its AUC floor",
                        evidence.size(),
                        last.getValue(),
                        last.getThreshold());
        return RetrainRequest.newBuilder()
                .setRequestId(model + ":" + version + ":" + trigger + ":" + windowEnd)
                .setModelName(model)
                .setModelVersion(version)
                .setTrigger(trigger)
                .setReason(reason)
                .setEvidence(evidence)
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setRequestedAt(Instant.ofEpochMilli(now))
                .build();
    }

    /**
     * The run with {@code evidence} appended (kept to the last {@code persistence}), or emptied
     * when the window was healthy.
     */
    private byte[][] extend(byte[][] run, RetrainEvidence evidence) {
        if (evidence == null) {
            return new byte[0][];
        }
        byte[][] longer = Arrays.copyOf(run, run.length + 1);
        longer[run.length] = codec.encode(evidence);
        return longer.length > thresholds.persistence()
                ? Arrays.copyOfRange(longer, 1, longer.length)
                : longer;
    }

    private static RetrainEvidence evidence(
            Instant start,
            Instant end,
            String metric,
            double value,
            double threshold,
            long samples) {
        return RetrainEvidence.newBuilder()
                .setWindowStart(start)
                .setWindowEnd(end)
                .setMetric(metric)
                .setValue(value)
                .setThreshold(threshold)
                .setSamples(samples)
                .build();
    }
}
