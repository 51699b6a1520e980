package io.vigil.modelops.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import io.vigil.modelops.registry.RejectionCode;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.modelops.testutils.OnnxGraphs;
import io.vigil.modelops.testutils.RegistryFixture;
import io.vigil.modelops.testutils.TestModels;
import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import io.vigil.schemas.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring operator against hostile registry events, failing models and events no version can
 * score: it keeps serving, never fails, and says what happened.
 */
class HostileServingTest {

    private static final int BATCH = 4;
    private static final long SWAP_AT = 10_000L;
    private static final Duration MAX_WAIT = Duration.ofMinutes(1);

    @TempDir Path dir;

    private final TrainedModel first = TestModels.logisticRegression();
    private RegistryFixture registry;
    private ModelEvent v1;
    private OneInputStreamOperatorTestHarness<Either<FeaturizedEvent, ModelEvent>, Prediction>
            harness;

    @BeforeEach
    void setUp() throws Exception {
        registry = new RegistryFixture(dir.resolve("store"));
        v1 = registry.register(first.onnx(), first.manifest(), "1");
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ModelServingOperator(
                                new ServingConfig(
                                        "test-lr",
                                        null,
                                        registry.store(),
                                        EventColumns.numeric(TestModels.FEATURES),
                                        BATCH,
                                        Duration.ofMillis(50),
                                        MAX_WAIT,
                                        "transactions")));
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
        assertThat(SessionCache.openSessions()).as("every session released").isZero();
    }

    @Test
    void malformedRegistryEventsAreSkippedAndScoringGoesOn() throws Exception {
        registryEvent(RegistryFixture.alias(v1, "champion", 0));
        registryEvent(
                ModelEvent.newBuilder(RegistryFixture.alias(v1, "champion", SWAP_AT))
                        .setVersion(null)
                        .build());
        registryEvent(
                ModelEvent.newBuilder(RegistryFixture.alias(v1, "champion", SWAP_AT))
                        .setVersion("../../etc")
                        .build());

        send(0, SWAP_AT + 1, 1.0);
        harness.prepareSnapshotPreBarrier(1);

        assertThat(predictions()).extracting(Prediction::getModelVersion).containsExactly("1");
        assertThat(rejections()).isEmpty();
    }

    @Test
    void urisInAnEventAreNeverReadOnlyTheStoreByDigest() throws Exception {
        Path elsewhere = Files.writeString(dir.resolve("secret.txt"), "threshold: 0.0\n");
        registryEvent(
                ModelEvent.newBuilder(RegistryFixture.alias(v1, "champion", 0))
                        .setModelUri(elsewhere.toUri().toString())
                        .setManifestUri(elsewhere.toUri().toString())
                        .build());
        send(0, 5, 1.0);
        harness.prepareSnapshotPreBarrier(1);

        assertThat(predictions()).extracting(Prediction::getModelVersion).containsExactly("1");
        assertThat(predictions().get(0).getThreshold()).isEqualTo(first.manifest().threshold());
    }

    @Test
    void anAlteredManifestIsRejectedWithAFixedReason() throws Exception {
        registryEvent(RegistryFixture.alias(v1, "champion", 0));
        ModelEvent v2 = registry.register(first.onnx(), first.manifest(), "2");
        Path stored = dir.resolve("store/manifests/sha256/" + v2.getManifestDigest() + ".yaml");
        Files.writeString(
                stored, Files.readString(stored).replaceFirst("threshold: .*", "threshold: 0.99"));

        registryEvent(RegistryFixture.alias(v2, "champion", SWAP_AT));
        send(0, SWAP_AT + 1, 1.0);
        harness.prepareSnapshotPreBarrier(1);

        assertThat(predictions()).extracting(Prediction::getModelVersion).containsExactly("1");
        assertThat(rejections())
                .extracting(
                        ModelEvent::getVersion, ModelEvent::getReasonCode, ModelEvent::getReason)
                .containsExactly(
                        tuple("2", "DIGEST_MISMATCH", RejectionCode.DIGEST_MISMATCH.description()));
    }

    @Test
    void aMissingArtifactIsTriedAgainWithBackoffBeforeItIsRejected() throws Exception {
        registryEvent(RegistryFixture.alias(v1, "champion", 0));
        ModelEvent v2 = registry.register(first.onnx(), first.manifest(), "2");
        Path model = dir.resolve("store/sha256/" + v2.getDigest() + ".onnx");
        Path hidden = Files.move(model, dir.resolve("hidden.onnx"));

        registryEvent(RegistryFixture.alias(v2, "champion", SWAP_AT));
        assertThat(rejections()).as("not rejected on the first failure").isEmpty();
        Files.move(hidden, model); // the store catches up
        harness.setProcessingTime(LoadRetries.FIRST_DELAY_MILLIS);
        send(0, SWAP_AT + 1, 1.0);
        harness.prepareSnapshotPreBarrier(1);

        assertThat(predictions()).extracting(Prediction::getModelVersion).containsExactly("2");
        assertThat(rejections()).isEmpty();
    }

    @Test
    void aModelThatFailsOnLiveDataIsQuarantinedAndTheVersionBeforeItServes() throws Exception {
        ModelManifest sqrt = manifest("3");
        registryEvent(RegistryFixture.alias(v1, "champion", 0));
        registryEvent(
                RegistryFixture.alias(
                        registry.register(
                                OnnxGraphs.squareRootOfInput(TestModels.FEATURES.size()),
                                sqrt,
                                "3"),
                        "champion",
                        SWAP_AT));
        assertThat(rejections()).as("passes its warm-up").isEmpty();

        send(0, SWAP_AT + 1, 0.25);
        send(1, SWAP_AT + 2, -1.0); // sqrt(-1): NaN, only on live data
        harness.prepareSnapshotPreBarrier(1);
        send(2, SWAP_AT + 3, 0.25);
        harness.prepareSnapshotPreBarrier(2);

        assertThat(predictions())
                .extracting(Prediction::getTransactionId, Prediction::getModelVersion)
                .as("the whole batch scored again by the version before")
                .containsExactly(tuple("t0", "1"), tuple("t1", "1"), tuple("t2", "1"));
        assertThat(rejections())
                .extracting(ModelEvent::getVersion, ModelEvent::getReasonCode)
                .containsExactly(tuple("3", "MODEL_ERROR"));
    }

    @Test
    void aModelThatWorksForOneRowOnlyFailsItsWarmUp() throws Exception {
        registryEvent(
                RegistryFixture.alias(
                        registry.register(
                                OnnxGraphs.worksForOneRowOnly(TestModels.FEATURES.size()),
                                manifest("4"),
                                "4"),
                        "champion",
                        0));

        assertThat(rejections())
                .extracting(ModelEvent::getVersion, ModelEvent::getReasonCode)
                .containsExactly(tuple("4", "WARM_UP_FAILED"));
    }

    @Test
    void anEventOlderThanEveryChampionIsScoredByTheEarliest() throws Exception {
        registryEvent(RegistryFixture.alias(v1, "champion", SWAP_AT));
        send(0, SWAP_AT - 5_000, 1.0);
        harness.prepareSnapshotPreBarrier(1);

        assertThat(predictions()).extracting(Prediction::getModelVersion).containsExactly("1");
    }

    @Test
    void anEventNoVersionScoresIsDeadLetteredAfterTheAllowedWait() throws Exception {
        send(0, 100, 1.0);
        harness.prepareSnapshotPreBarrier(1);
        harness.setProcessingTime(MAX_WAIT.toMillis() - 1);
        assertThat(deadLetters()).isEmpty();

        harness.setProcessingTime(MAX_WAIT.toMillis());

        assertThat(deadLetters())
                .extracting(DeadLetter::getReasonCode, DeadLetter::getEventId)
                .containsExactly(tuple("NO_MODEL", "t0"));
        assertThat(predictions()).isEmpty();
        registryEvent(RegistryFixture.alias(v1, "champion", 0));
        harness.prepareSnapshotPreBarrier(2);
        assertThat(predictions()).as("dead-lettered, not also scored").isEmpty();
    }

    private ModelManifest manifest(String version) {
        return new ModelManifest(
                "test-lr",
                version,
                0.5,
                first.manifest().inputs(),
                new ModelOutput("output", "1"),
                Map.of(),
                Map.of(),
                null);
    }

    private void registryEvent(ModelEvent event) throws Exception {
        harness.processElement(new StreamRecord<>(Either.Right(event)));
    }

    /** An event whose features are all {@code value}. */
    private void send(int i, long time, double value) throws Exception {
        double[] features = new double[TestModels.FEATURES.size()];
        java.util.Arrays.fill(features, value);
        harness.processElement(
                new StreamRecord<>(
                        Either.Left(
                                new FeaturizedEvent(
                                        "t" + i, "card-" + i, time, 0L, 10.0, features)),
                        time));
    }

    private List<Prediction> predictions() {
        return harness.extractOutputValues();
    }

    private List<ModelEvent> rejections() {
        var output = harness.getSideOutput(ModelServingOperator.REJECTIONS);
        return output == null
                ? List.of()
                : output.stream()
                        .map(StreamRecord::getValue)
                        .filter(e -> e.getType() == ModelEventType.REJECTED)
                        .toList();
    }

    private List<DeadLetter> deadLetters() {
        var output = harness.getSideOutput(ModelServingOperator.DEAD_LETTERS);
        return output == null ? List.of() : output.stream().map(StreamRecord::getValue).toList();
    }
}
