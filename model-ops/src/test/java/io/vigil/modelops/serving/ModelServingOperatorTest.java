package io.vigil.modelops.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import io.vigil.modelops.registry.ModelLocation;
import io.vigil.modelops.registry.RejectionCode;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.modelops.testutils.OnnxGraphs;
import io.vigil.modelops.testutils.RegistryFixture;
import io.vigil.modelops.testutils.TestModels;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import io.vigil.schemas.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelServingOperatorTest {

    private static final int BATCH = 4;
    private static final long SWAP_AT = 10_000L;
    private static final Duration MAX_WAIT = Duration.ofMinutes(1);
    private static final Duration BATCH_TIMEOUT = Duration.ofMillis(50);

    @TempDir Path dir;

    private final TrainedModel first = TestModels.logisticRegression();
    private final TrainedModel second = TestModels.otherLogisticRegression();
    private RegistryFixture registry;
    private ModelEvent v1;
    private ModelEvent v2;
    private OneInputStreamOperatorTestHarness<Either<FeaturizedEvent, ModelEvent>, Prediction>
            harness;

    @BeforeEach
    void setUp() throws Exception {
        registry = new RegistryFixture(dir.resolve("store"));
        v1 = registry.register(first.onnx(), first.manifest(), "1");
        v2 = registry.register(second.onnx(), second.manifest(), "2");
        harness = newHarness(null);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
        assertThat(SessionCache.openSessions()).as("every session released").isZero();
    }

    private OneInputStreamOperatorTestHarness<Either<FeaturizedEvent, ModelEvent>, Prediction>
            newHarness(ModelLocation configured) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new ModelServingOperator(
                        new ServingConfig(
                                "test-lr",
                                configured,
                                registry.store(),
                                EventColumns.numeric(TestModels.FEATURES),
                                BATCH,
                                BATCH_TIMEOUT,
                                MAX_WAIT,
                                "transactions")));
    }

    private void registryEvent(ModelEvent event) throws Exception {
        harness.processElement(new StreamRecord<>(Either.Right(event)));
    }

    private static FeaturizedEvent event(int i, long time) {
        return new FeaturizedEvent(
                "t" + i, "card-" + i, time, 0L, 10.0, TestModels.vectors(50, 8).get(i));
    }

    private void send(int i, long time) throws Exception {
        harness.processElement(new StreamRecord<>(Either.Left(event(i, time)), time));
    }

    private List<Prediction> predictions() {
        return harness.extractOutputValues();
    }

    private static double expected(TrainedModel model, int i) throws Exception {
        double[] score = new double[1];
        try (OnnxScorer scorer =
                OnnxScorer.load(model.onnx(), model.manifest(), TestModels.FEATURES, 1)) {
            scorer.score(
                    new VectorRows().reset(new double[][] {TestModels.vectors(50, 8).get(i)}, 1),
                    score);
        }
        return score[0];
    }

    @Test
    void switchesVersionsAtTheActivationTimeEvenInsideOneBatch() throws Exception {
        registryEvent(RegistryFixture.alias(v1, "champion", 0));
        registryEvent(RegistryFixture.alias(v2, "champion", SWAP_AT));
        send(0, SWAP_AT - 2);
        send(1, SWAP_AT - 1);
        send(2, SWAP_AT);
        send(3, SWAP_AT + 1);

        assertThat(predictions())
                .extracting(Prediction::getModelVersion)
                .containsExactly("1", "1", "2", "2");
        assertThat(predictions().get(0).getScore()).isCloseTo(expected(first, 0), within(1e-9));
        assertThat(predictions().get(3).getScore()).isCloseTo(expected(second, 3), within(1e-9));
        assertThat(predictions()).extracting(Prediction::getServedBy).containsOnly("champion");
    }

    @Test
    void predictionsOfAnExplainedVersionCarryItsReasonsAndOthersSayTheyHaveNone() throws Exception {
        Map<String, Double> means = new LinkedHashMap<>();
        TestModels.FEATURES.forEach(f -> means.put(f, 1.0));
        ModelEvent explained =
                registry.register(
                        first.onnx(), first.manifest().withReasons(ReasonCodes.linear(means)), "3");
        registryEvent(RegistryFixture.alias(v1, "champion", 0));
        registryEvent(RegistryFixture.alias(explained, "champion", SWAP_AT));
        send(0, SWAP_AT - 1);
        send(1, SWAP_AT + 1);
        harness.prepareSnapshotPreBarrier(1);

        Prediction plain = predictions().get(0);
        Prediction withReasons = predictions().get(1);
        assertThat(plain.getExplainer()).isEqualTo(ReasonCodes.NONE);
        assertThat(plain.getReasons()).isNull();
        assertThat(withReasons.getModelVersion()).isEqualTo("3");
        assertThat(withReasons.getExplainer()).isEqualTo(ReasonCodes.LINEAR);
        assertThat(withReasons.getReasons()).hasSize(3);
        assertThat(withReasons.getReasons())
                .allSatisfy(
                        r ->
                                assertThat(r.getValue())
                                        .isEqualTo(withReasons.getFeatures().get(r.getFeature())));
        assertThat(Math.abs(withReasons.getReasons().get(0).getContribution()))
                .isGreaterThanOrEqualTo(
                        Math.abs(withReasons.getReasons().get(2).getContribution()));
    }

    @Test
    void aVersionWhoseDeclaredExplainerCannotExplainItIsRejected() throws Exception {
        Map<String, Double> means = new LinkedHashMap<>();
        TestModels.FEATURES.forEach(f -> means.put(f, 1.0));
        ModelManifest squares =
                new ModelManifest(
                                "test-lr",
                                "x",
                                0.5,
                                first.manifest().inputs(),
                                new ModelOutput("output", "1"),
                                Map.of(),
                                Map.of(),
                                null)
                        .withReasons(ReasonCodes.linear(means));
        registryEvent(RegistryFixture.alias(v1, "champion", 0));
        registryEvent(
                RegistryFixture.alias(
                        registry.register(
                                OnnxGraphs.squaredMargin(new float[] {0.5f, -0.2f, 0.1f}, 0f),
                                squares,
                                "4"),
                        "champion",
                        SWAP_AT));
        send(0, SWAP_AT + 5);
        harness.prepareSnapshotPreBarrier(1);

        assertThat(predictions()).extracting(Prediction::getModelVersion).containsExactly("1");
        assertThat(rejections())
                .extracting(ModelEvent::getVersion, ModelEvent::getReasonCode)
                .containsExactly(tuple("4", "EXPLAINER_FAILED"));
    }

    @Test
    void waitsForAChampionInsteadOfDroppingTransactions() throws Exception {
        send(0, 100);
        harness.prepareSnapshotPreBarrier(1);
        assertThat(predictions()).isEmpty();

        registryEvent(RegistryFixture.alias(v1, "champion", 0));

        assertThat(predictions()).extracting(Prediction::getTransactionId).containsExactly("t0");
    }

    @Test
    void rejectsACorruptedArtifactAndKeepsServingTheCurrentVersion() throws Exception {
        registryEvent(RegistryFixture.alias(v1, "champion", 0));
        Files.write(dir.resolve("store/sha256/" + v2.getDigest() + ".onnx"), first.onnx());

        registryEvent(RegistryFixture.alias(v2, "champion", SWAP_AT));
        send(0, SWAP_AT + 5);
        harness.prepareSnapshotPreBarrier(1);

        assertThat(predictions()).extracting(Prediction::getModelVersion).containsExactly("1");
        List<ModelEvent> rejected = rejections();
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).getType()).isEqualTo(ModelEventType.REJECTED);
        assertThat(rejected.get(0).getVersion()).isEqualTo("2");
        assertThat(rejected.get(0).getReasonCode()).isEqualTo("DIGEST_MISMATCH");
        assertThat(rejected.get(0).getReason())
                .isEqualTo(RejectionCode.DIGEST_MISMATCH.description());
    }

    @Test
    void rejectsTruncatedModelsNanOutputsAndExternalData() throws Exception {
        registryEvent(RegistryFixture.alias(v1, "champion", 0));
        byte[] truncated = Arrays.copyOf(second.onnx(), second.onnx().length / 3);
        var nanManifest =
                new ModelManifest(
                        "test-lr",
                        "x",
                        0.5,
                        first.manifest().inputs(),
                        new ModelOutput("output", "1"),
                        Map.of(),
                        Map.of(),
                        null);
        registryEvent(
                RegistryFixture.alias(
                        registry.register(truncated, second.manifest(), "3"), "champion", SWAP_AT));
        registryEvent(
                RegistryFixture.alias(
                        registry.register(OnnxGraphs.dividesInputByItself(3), nanManifest, "4"),
                        "champion",
                        SWAP_AT));
        registryEvent(
                RegistryFixture.alias(
                        registry.register(OnnxGraphs.withExternalData(3), nanManifest, "5"),
                        "champion",
                        SWAP_AT));
        send(0, SWAP_AT + 5);
        harness.prepareSnapshotPreBarrier(1);

        assertThat(predictions()).extracting(Prediction::getModelVersion).containsExactly("1");
        assertThat(rejections())
                .extracting(ModelEvent::getVersion, ModelEvent::getReasonCode)
                .containsExactly(
                        tuple("3", "INCOMPATIBLE_MODEL"),
                        tuple("4", "WARM_UP_FAILED"),
                        tuple("5", "INCOMPATIBLE_MODEL"));
        assertThat(rejections())
                .extracting(ModelEvent::getReason)
                .as("published reasons are Vigil's fixed texts, never a model's error text")
                .allSatisfy(
                        reason ->
                                assertThat(reason)
                                        .isIn(
                                                Arrays.stream(RejectionCode.values())
                                                        .map(RejectionCode::description)
                                                        .toList()));
    }

    @Test
    void shadowScoresWithoutDecidingAndACanaryDecidesForItsShare() throws Exception {
        registryEvent(RegistryFixture.alias(v1, "champion", 0));
        registryEvent(RegistryFixture.alias(v2, "shadow", 0));
        registryEvent(RegistryFixture.canary(v2, 100, SWAP_AT));
        send(0, SWAP_AT - 1);
        send(1, SWAP_AT + 1);
        harness.prepareSnapshotPreBarrier(1);

        Prediction beforeCanary = predictions().get(0);
        assertThat(beforeCanary.getModelVersion()).isEqualTo("1");
        assertThat(beforeCanary.getShadowModelVersion()).isEqualTo("2");
        assertThat(beforeCanary.getShadowScore()).isCloseTo(expected(second, 0), within(1e-9));
        assertThat(beforeCanary.getScore()).isCloseTo(expected(first, 0), within(1e-9));
        Prediction canary = predictions().get(1);
        assertThat(canary.getServedBy()).isEqualTo("canary");
        assertThat(canary.getModelVersion()).isEqualTo("2");
    }

    @Test
    void aCanaryDecidesForTheSameEntitiesOnEverySubtaskAndAfterARestore() throws Exception {
        registryEvent(RegistryFixture.alias(v1, "champion", 0));
        registryEvent(RegistryFixture.canary(v2, 30, 0));
        Map<String, String> first = rolesOf(harness);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);

        try (var other = newHarness(null)) {
            other.open();
            other.processElement(
                    new StreamRecord<>(Either.Right(RegistryFixture.alias(v1, "champion", 0))));
            other.processElement(
                    new StreamRecord<>(Either.Right(RegistryFixture.canary(v2, 30, 0))));
            assertThat(rolesOf(other)).as("another subtask").isEqualTo(first);
        }
        harness.close();
        harness = newHarness(null);
        harness.initializeState(snapshot);
        harness.open();
        assertThat(rolesOf(harness)).as("after a restore").isEqualTo(first);

        long canary = first.values().stream().filter("canary"::equals).count();
        assertThat(canary).as("about 30%% of %d entities", first.size()).isBetween(60L, 120L);
    }

    /** The role that decided for each of 300 entities, sent to {@code h}. */
    private static Map<String, String> rolesOf(
            OneInputStreamOperatorTestHarness<Either<FeaturizedEvent, ModelEvent>, Prediction> h)
            throws Exception {
        for (int i = 0; i < 300; i++) {
            FeaturizedEvent e = event(i % 50, 100 + i);
            e.entityKey = "entity-" + i;
            e.transactionId = "t" + i;
            h.processElement(new StreamRecord<>(Either.Left(e), e.eventTime));
        }
        h.prepareSnapshotPreBarrier(9);
        return h.extractOutputValues().stream()
                .collect(
                        Collectors.toMap(
                                p -> "entity-" + p.getTransactionId().substring(1),
                                Prediction::getServedBy));
    }

    @Test
    void aBatchThatDoesNotFillIsScoredWhenItsTimeoutFires() throws Exception {
        registryEvent(RegistryFixture.alias(v1, "champion", 0));
        send(0, 100);
        assertThat(predictions()).as("one event, batches of " + BATCH).isEmpty();

        harness.setProcessingTime(BATCH_TIMEOUT.toMillis());

        assertThat(predictions()).extracting(Prediction::getTransactionId).containsExactly("t0");
    }

    @Test
    void restoresFromReferencesAndReloadsByDigest() throws Exception {
        registryEvent(RegistryFixture.alias(v1, "champion", 0));
        registryEvent(RegistryFixture.alias(v2, "champion", SWAP_AT));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = newHarness(null);
        harness.initializeState(snapshot);
        harness.open();
        send(0, SWAP_AT - 1);
        send(1, SWAP_AT + 1);
        harness.prepareSnapshotPreBarrier(2);

        assertThat(predictions()).extracting(Prediction::getModelVersion).containsExactly("1", "2");
    }

    @Test
    void aConfiguredModelServesUntilTheRegistryChampionActivates() throws Exception {
        harness.close();
        Path onnx = Files.write(dir.resolve("m.onnx"), first.onnx());
        Path manifest =
                Files.write(dir.resolve("m.yaml"), first.manifest().withVersion("0").toYaml());
        harness =
                newHarness(new ModelLocation(onnx.toUri().toString(), manifest.toUri().toString()));
        harness.open();

        registryEvent(RegistryFixture.alias(v2, "champion", SWAP_AT));
        send(0, SWAP_AT - 1);
        send(1, SWAP_AT);
        harness.prepareSnapshotPreBarrier(1);

        assertThat(predictions()).extracting(Prediction::getModelVersion).containsExactly("0", "2");
    }

    @Test
    void subtasksShareOneSessionPerDigest() throws Exception {
        registryEvent(RegistryFixture.alias(v1, "champion", 0));
        try (var other = newHarness(null)) {
            other.open();
            other.processElement(
                    new StreamRecord<>(Either.Right(RegistryFixture.alias(v1, "champion", 0))));

            assertThat(SessionCache.openSessions()).isEqualTo(1);
        }
        assertThat(SessionCache.openSessions()).as("still held by the first subtask").isEqualTo(1);
    }

    private List<ModelEvent> rejections() {
        return harness.getSideOutput(ModelServingOperator.REJECTIONS).stream()
                .map(StreamRecord::getValue)
                .collect(Collectors.toList());
    }
}
