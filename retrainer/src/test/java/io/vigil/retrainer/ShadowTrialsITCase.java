package io.vigil.retrainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.RegistryState;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow trials against a real broker and registry: the registry alone says which trial runs; a
 * trial ends by promoting the challenger or by pointing the shadow at the champion, the event
 * saying why and on which evidence; a trial short of evidence waits, then gives up; a shadow a
 * person set is not the retrainer's to judge.
 */
class ShadowTrialsITCase {

    private static final String MODEL = "card-test";
    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

    private static EmbeddedKafkaBroker broker;

    @TempDir static Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aChallengerNoBetterEndsItsTrialAPersonsShadowIsLeftAndABetterOneIsPromoted()
            throws Exception {
        try (ModelRegistry registry = registryWithTrial("outcomes")) {
            ShadowTrials same =
                    trials(registry, rows(3000, 1.0), new ArrayList<>(), Clock.systemUTC());

            RetrainOutcome kept = same.judgeRunning().get(0);

            assertThat(kept.promoted()).isFalse();
            assertThat(kept.summary())
                    .contains("kept card-test:1 as champion; card-test:2 its AUC gain");
            RegistryState state = registry.read();
            assertThat(state.alias(MODEL, "champion").orElseThrow().getVersion()).isEqualTo("1");
            ModelEvent shadow = state.alias(MODEL, "shadow").orElseThrow();
            assertThat(shadow.getVersion()).as("shadow on the champion: idle").isEqualTo("1");
            assertThat(shadow.getMetrics()).containsKey("liveAucGainLowerBound");
            assertThat(same.running()).isEmpty();

            ShadowTrials better =
                    trials(registry, rows(3000, 2.5), new ArrayList<>(), Clock.systemUTC());
            registry.moveAlias(MODEL, "2", "shadow", START, "alice");
            assertThat(better.judgeRunning()).as("a person's shadow is theirs").isEmpty();
            assertThat(registry.read().alias(MODEL, "champion").orElseThrow().getVersion())
                    .isEqualTo("1");

            registry.moveAlias(MODEL, "2", "shadow", START, Retrainer.ACTOR);
            List<RetrainOutcome> ended = better.judgeRunning();

            assertThat(ended)
                    .singleElement()
                    .satisfies(o -> assertThat(o.promoted()).as(o.summary()).isTrue());
            ModelEvent champion = registry.read().alias(MODEL, "champion").orElseThrow();
            assertThat(champion.getVersion()).isEqualTo("2");
            assertThat(champion.getActor()).isEqualTo(Retrainer.ACTOR);
            assertThat(champion.getReason())
                    .startsWith(
                            "promoted card-test:2 to champion: wins on 3,000 live transactions");
            assertThat(champion.getMetrics())
                    .containsKeys("liveAuc", "championLiveAuc", "liveAucGainLowerBound");
            assertThat(champion.getActivationTime())
                    .as("from the last transaction judged")
                    .isEqualTo(Instant.ofEpochMilli(2999));
            assertThat(better.running()).as("the trial is over").isEmpty();
            assertThat(better.judgeRunning()).isEmpty();
        }
    }

    @Test
    void aTrialShortOfEvidenceWaitsThenGivesUpAfterItsMaximumWait() throws Exception {
        try (ModelRegistry registry = registryWithTrial("slow")) {
            List<String> log = new ArrayList<>();
            List<ServedRows.LabelledRow> few = rows(200, 2.5);

            assertThat(trials(registry, few, log, Clock.systemUTC()).judgeRunning()).isEmpty();
            assertThat(log).anyMatch(l -> l.contains("card-test:2 in shadow: 200 of 1,000"));
            assertThat(registry.read().alias(MODEL, "shadow").orElseThrow().getVersion())
                    .isEqualTo("2");

            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
            RetrainOutcome outcome = trials(registry, few, log, later).judgeRunning().get(0);

            assertThat(outcome.promoted()).isFalse();
            assertThat(outcome.summary())
                    .startsWith("ended the shadow trial of card-test:2 after 2 h without enough");
            assertThat(registry.read().alias(MODEL, "shadow").orElseThrow().getVersion())
                    .isEqualTo("1");
        }
    }

    @Test
    void aChallengerTheScoringJobRejectedEndsItsTrialAtOnce() throws Exception {
        try (ModelRegistry registry = registryWithTrial("rejected")) {
            ModelEvent registration =
                    registry.read().version(MODEL, "2").orElseThrow().registration();
            registry.publish(
                    ModelEvent.newBuilder(registration)
                            .setEventId("rejection")
                            .setType(ModelEventType.REJECTED)
                            .setReasonCode("MODEL_ERROR")
                            .setReason("failed at run time")
                            .setActor("scoring-job")
                            .setCreatedAt(Instant.now())
                            .build());

            RetrainOutcome outcome =
                    trials(registry, List.of(), new ArrayList<>(), Clock.systemUTC())
                            .judgeRunning()
                            .get(0);

            assertThat(outcome.promoted()).isFalse();
            assertThat(outcome.summary())
                    .isEqualTo(
                            "ended the shadow trial of card-test:2: it was rejected (failed at run"
                                    + " time)");
            assertThat(registry.read().alias(MODEL, "shadow").orElseThrow().getVersion())
                    .isEqualTo("1");
        }
    }

    /** A registry on its own topic where card-test:1 is champion and card-test:2 shadows it. */
    private static ModelRegistry registryWithTrial(String topic) throws Exception {
        String model = MODEL;
        ModelRegistry registry =
                new ModelRegistry(
                        broker.bootstrapServers(),
                        "model-events-" + topic,
                        new ArtifactStore(dir.resolve(topic).toUri().toString()));
        registry.ensureTopic();
        TrainedModel one = CardModelFixture.model(7);
        TrainedModel two = CardModelFixture.model(11);
        registry.register(one.onnx(), one.manifest().withVersion("1"), "test");
        registry.register(two.onnx(), two.manifest().withVersion("2"), "test");
        registry.moveAlias(model, "1", "champion", Instant.EPOCH, "test");
        registry.moveAlias(model, "2", "shadow", START, Retrainer.ACTOR);
        return registry;
    }

    private static ShadowTrials trials(
            ModelRegistry registry,
            List<ServedRows.LabelledRow> rows,
            List<String> log,
            Clock clock) {
        ServedRows served = (model, features, since) -> rows;
        return new ShadowTrials(
                registry,
                served,
                ShadowEvidenceTest.POLICY,
                log::add,
                Clock.fixed(clock.instant(), ZoneOffset.UTC));
    }

    private static List<ServedRows.LabelledRow> rows(int count, double shadowSignal) {
        return ShadowEvidenceTest.rows(
                count, shadowSignal, 3, CardModelFixture.model(11).manifest().threshold(), "2");
    }
}
