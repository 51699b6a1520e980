package io.vigil.modelops.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.features.FeaturizedEvent;
import io.vigil.modelops.testutils.TestModels;
import io.vigil.modelops.training.TrainedModel;
import io.vigil.schemas.Decision;
import io.vigil.schemas.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringOperatorTest {

    private static final int BATCH = 4;
    private static final long TIMEOUT_MS = 50;

    @TempDir
    Path dir;

    private final TrainedModel model = TestModels.logisticRegression();
    private OneInputStreamOperatorTestHarness<FeaturizedEvent, Prediction> harness;

    @BeforeEach
    void setUp() throws Exception {
        Path onnx = Files.write(dir.resolve("model.onnx"), model.onnx());
        Path manifest = Files.write(dir.resolve("model.yaml"), model.manifest().toYaml());
        ModelLocation location = new ModelLocation(onnx.toUri().toString(), manifest.toUri().toString());
        harness = new OneInputStreamOperatorTestHarness<>(new ScoringOperator(location, TestModels.FEATURES, BATCH, TIMEOUT_MS));
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(int i) throws Exception {
        double[] features = TestModels.vectors(20, 3).get(i).features();
        harness.processElement(new StreamRecord<>(new FeaturizedEvent("t" + i, "card", 1000L + i, 0L, features), 1000L + i));
    }

    private List<Prediction> predictions() {
        return harness.extractOutputValues();
    }

    @Test
    void scoresAFullBatchAtOnceAndKeepsOrderAndTimestamps() throws Exception {
        for (int i = 0; i < BATCH - 1; i++) {
            send(i);
        }
        assertThat(predictions()).as("batch not full yet").isEmpty();

        send(BATCH - 1);

        assertThat(predictions()).extracting(Prediction::getTransactionId).containsExactly("t0", "t1", "t2", "t3");
        assertThat(harness.getOutput()).extracting(r -> ((StreamRecord<?>) r).getTimestamp())
                .containsExactly(1000L, 1001L, 1002L, 1003L);
    }

    @Test
    void predictionsCarryModelDecisionAndServedFeatures() throws Exception {
        for (int i = 0; i < BATCH; i++) {
            send(i);
        }
        double[][] rows = new double[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            rows[i] = TestModels.vectors(20, 3).get(i).features();
        }
        double[] expected = new double[BATCH];
        try (OnnxScorer scorer = OnnxScorer.load(model.onnx(), model.manifest(), TestModels.FEATURES, BATCH)) {
            scorer.score(new VectorRows().reset(rows, BATCH), expected);
        }

        for (int i = 0; i < BATCH; i++) {
            Prediction p = predictions().get(i);
            assertThat(p.getModelName()).isEqualTo("test-lr");
            assertThat(p.getModelVersion()).isEqualTo("1");
            assertThat(p.getScore()).isCloseTo(expected[i], within(1e-9));
            assertThat(p.getDecision()).isEqualTo(expected[i] >= p.getThreshold() ? Decision.FLAG : Decision.ALLOW);
            assertThat(p.getFeatures()).containsEntry("amount", rows[i][0]).hasSize(3);
            assertThat(p.getScoringLatencyMicros()).isNotNegative();
        }
    }

    @Test
    void flushesBeforeTheCheckpointBarrier() throws Exception {
        send(0);
        send(1);

        harness.prepareSnapshotPreBarrier(1L);

        assertThat(predictions()).hasSize(2);
    }

    @Test
    void flushesWhenTheOldestEventHasWaitedTheTimeout() throws Exception {
        harness.setProcessingTime(0);
        send(0);
        harness.setProcessingTime(TIMEOUT_MS - 1);
        assertThat(predictions()).isEmpty();

        harness.setProcessingTime(TIMEOUT_MS);

        assertThat(predictions()).hasSize(1);
    }

    @Test
    void flushesBeforeForwardingAWatermark() throws Exception {
        send(0);

        harness.processWatermark(5000L);

        assertThat(harness.getOutput()).hasSize(2);
        assertThat(harness.getOutput().peek()).isInstanceOf(StreamRecord.class);
    }
}
