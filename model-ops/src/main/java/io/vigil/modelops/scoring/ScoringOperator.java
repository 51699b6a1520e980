package io.vigil.modelops.scoring;

import io.vigil.features.FeaturizedEvent;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.schemas.Decision;
import io.vigil.schemas.Prediction;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;

/**
 * Scores featurized transactions with an ONNX model in micro-batches and emits one
 * {@link Prediction} per transaction.
 *
 * <p>A batch is scored when it holds {@code batchSize} events, when its oldest event has waited
 * {@code batchTimeoutMs}, before a watermark is forwarded, and before every checkpoint barrier
 * ({@link #prepareSnapshotPreBarrier}), so a buffered event is neither lost nor scored twice across
 * a checkpoint: the buffer is always empty when state is snapshotted.
 */
public class ScoringOperator extends AbstractStreamOperator<Prediction>
        implements OneInputStreamOperator<FeaturizedEvent, Prediction>, ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    private final ModelLocation location;
    private final List<String> featureNames;
    private final int batchSize;
    private final long batchTimeoutMs;

    private transient OnnxScorer scorer;
    private transient FeaturizedEvent[] pending;
    private transient double[][] rows;
    private transient long[] timestamps;
    private transient long[] arrivalNanos;
    private transient double[] scores;
    private transient VectorRows batch;
    private transient int size;
    private transient boolean timerPending;
    private transient Counter predictions;
    private transient Histogram latencyMicros;

    /**
     * @param featureNames names of the incoming feature vector's entries, in order
     * @param batchSize most events scored together
     * @param batchTimeoutMs longest an event waits for its batch to fill
     */
    public ScoringOperator(ModelLocation location, List<String> featureNames, int batchSize, long batchTimeoutMs) {
        this.location = location;
        this.featureNames = List.copyOf(featureNames);
        this.batchSize = batchSize;
        this.batchTimeoutMs = batchTimeoutMs;
    }

    @Override
    public void open() throws Exception {
        super.open();
        ModelManifest manifest = location.readManifest();
        scorer = OnnxScorer.load(location.readModel(), manifest, featureNames, batchSize);
        scorer.warmUp(new VectorRows().reset(new double[][] {new double[featureNames.size()]}, 1));
        batch = new VectorRows();
        pending = new FeaturizedEvent[batchSize];
        rows = new double[batchSize][];
        timestamps = new long[batchSize];
        arrivalNanos = new long[batchSize];
        scores = new double[batchSize];
        var group = getMetricGroup().addGroup("model", manifest.name()).addGroup("version", manifest.version());
        predictions = group.counter("predictions");
        latencyMicros = group.histogram("scoringLatencyMicros", new DescriptiveStatisticsHistogram(1000));
        LOG.info("Scoring with model {}:{} (batch {}, timeout {} ms)", manifest.name(), manifest.version(),
                scorer.maxBatch(), batchTimeoutMs);
    }

    @Override
    public void processElement(StreamRecord<FeaturizedEvent> element) throws Exception {
        pending[size] = element.getValue();
        rows[size] = element.getValue().features;
        timestamps[size] = element.getTimestamp();
        arrivalNanos[size] = System.nanoTime();
        size++;
        if (size == batchSize) {
            flush();
        } else if (!timerPending) {
            timerPending = true;
            getProcessingTimeService().registerTimer(
                    getProcessingTimeService().getCurrentProcessingTime() + batchTimeoutMs, this);
        }
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
        timerPending = false;
        flush();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() throws Exception {
        if (size == 0) {
            return;
        }
        scorer.score(batch.reset(rows, size), scores);
        long now = System.nanoTime();
        long scoredAt = System.currentTimeMillis();
        ModelManifest manifest = scorer.manifest();
        for (int i = 0; i < size; i++) {
            long latency = (now - arrivalNanos[i]) / 1000;
            output.collect(new StreamRecord<>(toPrediction(pending[i], scores[i], manifest, latency, scoredAt), timestamps[i]));
            latencyMicros.update(latency);
            pending[i] = null;
            rows[i] = null;
        }
        predictions.inc(size);
        size = 0;
    }

    private Prediction toPrediction(FeaturizedEvent event, double score, ModelManifest manifest, long latencyMicros, long scoredAt) {
        Map<String, Double> features = new HashMap<>(featureNames.size() * 2);
        for (int i = 0; i < featureNames.size(); i++) {
            features.put(featureNames.get(i), event.features[i]);
        }
        return Prediction.newBuilder()
                .setTransactionId(event.transactionId)
                .setEntityKey(event.entityKey)
                .setEventTime(Instant.ofEpochMilli(event.eventTime))
                .setModelName(manifest.name())
                .setModelVersion(manifest.version())
                .setScore(score)
                .setDecision(score >= manifest.threshold() ? Decision.FLAG : Decision.ALLOW)
                .setThreshold(manifest.threshold())
                .setFeatures(features)
                .setScoringLatencyMicros(latencyMicros)
                .setScoredAt(Instant.ofEpochMilli(scoredAt))
                .build();
    }

    @Override
    public void close() throws Exception {
        try {
            if (scorer != null) {
                scorer.close();
            }
        } finally {
            super.close();
        }
    }
}
