package io.vigil.modelops.serving;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.modelops.manifest.DecisionBand;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import io.vigil.modelops.manifest.OutputTransform;
import io.vigil.modelops.testutils.TestModels;
import io.vigil.schemas.Decision;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionFactoryTest {

    private final ModelManifest champion = TestModels.logisticRegression().manifest();
    private final ModelManifest shadow = TestModels.otherLogisticRegression().manifest();
    private final PredictionFactory factory =
            new PredictionFactory(EventColumns.numeric(TestModels.FEATURES));
    private final FeaturizedEvent event =
            new FeaturizedEvent(
                    "t-1",
                    "k",
                    1_700_000_000_000L,
                    1_700_000_000_100L,
                    42.5,
                    new double[] {42.5, 30.0, 2});

    @Test
    void everyNonNullableFieldIsSetAndThePredictionSurvivesTheWire() throws Exception {
        Prediction withShadow =
                factory.create(
                        event,
                        champion,
                        "champion",
                        0.97,
                        null,
                        shadow,
                        0.12,
                        850,
                        1_700_000_000_200L);
        Prediction alone =
                factory.create(
                        event,
                        champion,
                        "champion",
                        0.01,
                        null,
                        null,
                        Double.NaN,
                        850,
                        1_700_000_000_200L);

        for (Prediction p : new Prediction[] {withShadow, alone}) {
            for (var field : Prediction.getClassSchema().getFields()) {
                assertThat(p.get(field.pos()) != null || field.schema().isNullable())
                        .as("field %s set", field.name())
                        .isTrue();
            }
            var codec = WireFormat.AVRO.codec(Prediction.class);
            assertThat(codec.decode(codec.encode(p))).isEqualTo(p);
        }
        assertThat(withShadow.getDecision()).isEqualTo(score(0.97));
        assertThat(withShadow.getShadowModelVersion()).isEqualTo(shadow.version());
        assertThat(withShadow.getShadowScore()).isEqualTo(0.12);
        assertThat(alone.getShadowScore()).isNull();
        assertThat(alone.getExplainer())
                .as("a version without an explainer says so")
                .isEqualTo("none");
        assertThat(alone.getReasons()).isNull();
        assertThat(withShadow.getFeatures()).containsEntry("count_1h", 2.0).hasSize(3);
        assertThat(withShadow.getEventTime()).isEqualTo(Instant.ofEpochMilli(event.eventTime));
        assertThat(withShadow.getAmount()).isEqualTo(42.5);
    }

    @Test
    void carriedEventFieldsTextFeaturesAndAnUndeclaredAmountReachThePrediction() throws Exception {
        PredictionFactory carrying =
                new PredictionFactory(
                        new EventColumns(
                                TestModels.FEATURES,
                                List.of("channel"),
                                List.of("merchant", "payer.email")));
        FeaturizedEvent e =
                new FeaturizedEvent(
                        "p-1", "k", 1_700_000_000_000L, 1, Double.NaN, new double[] {1, 2, 3});
        e.carried = new String[] {"shop-1", null};
        e.textFeatures = new String[] {"ONLINE"};

        Prediction p = carrying.create(e, champion, "champion", 0.2, null, null, Double.NaN, 1, 2);

        Map<String, String> expected = new HashMap<>();
        expected.put("merchant", "shop-1");
        expected.put("payer.email", null);
        assertThat(p.getEventFields()).isEqualTo(expected);
        assertThat(p.getTextFeatures()).isEqualTo(Map.of("channel", "ONLINE"));
        assertThat(p.getAmount()).as("no amount declared").isNull();
        var codec = WireFormat.AVRO.codec(Prediction.class);
        assertThat(codec.decode(codec.encode(p))).isEqualTo(p);
        assertThat(
                        factory.create(event, champion, "champion", 0.2, null, null, 0, 1, 2)
                                .getEventFields())
                .as("nothing carried")
                .isNull();
        assertThat(
                        factory.create(event, champion, "champion", 0.2, null, null, 0, 1, 2)
                                .getTextFeatures())
                .as("no text features")
                .isNull();
    }

    /** {@code champion} with another threshold, output and bands. */
    private ModelManifest variant(
            Double threshold, ModelOutput output, List<DecisionBand> decisions) {
        return new ModelManifest(
                champion.name(),
                champion.version(),
                threshold,
                champion.inputs(),
                output,
                champion.metrics(),
                champion.tags(),
                null,
                decisions);
    }

    @Test
    void declaredBandsNameTheDecisionAndEveryBandAboveTheFirstIsFlag() throws Exception {
        ModelManifest banded =
                ModelManifest.fromYaml(
                        new String(variant(0.5, champion.output(), null).toYaml(), UTF_8)
                                .replace("threshold: 0.5\n", "")
                                .concat(
                                        "decisions:\n"
                                                + "  - {decision: ALLOW, below: 0.3}\n"
                                                + "  - {decision: REVIEW, below: 0.7}\n"
                                                + "  - {decision: DECLINE}\n")
                                .getBytes(UTF_8));
        assertThat(banded.threshold()).as("the first band's bound").isEqualTo(0.3);

        Map<Double, String> expected = new java.util.LinkedHashMap<>();
        expected.put(0.0, "ALLOW");
        expected.put(0.29, "ALLOW");
        expected.put(0.3, "REVIEW");
        expected.put(0.69, "REVIEW");
        expected.put(0.7, "DECLINE");
        expected.put(1.0, "DECLINE");
        expected.put(Double.NaN, "REVIEW"); // not judged: the mildest band that is not ALLOW
        for (Map.Entry<Double, String> e : expected.entrySet()) {
            Prediction p =
                    factory.create(event, banded, "champion", e.getKey(), null, null, 0, 1, 2);
            assertThat(p.getBand()).as("band of %s", e.getKey()).isEqualTo(e.getValue());
            assertThat(p.getDecision())
                    .as("decision of %s", e.getKey())
                    .isEqualTo(e.getValue().equals("ALLOW") ? Decision.ALLOW : Decision.FLAG);
            assertThat(p.getThreshold()).isEqualTo(0.3);
        }
        assertThat(factory.create(event, champion, "champion", 0.9, null, null, 0, 1, 2).getBand())
                .as("no bands declared")
                .isNull();
    }

    @Test
    void aRawScoreIsDecidedInItsOwnUnitsWithinItsDeclaredRange() throws Exception {
        ModelManifest raw =
                variant(
                        2.0,
                        new ModelOutput("output", "1", OutputTransform.NONE, List.of(-10.0, 10.0)),
                        List.of());

        Prediction high = factory.create(event, raw, "champion", 3.5, null, null, 0, 1, 2);
        Prediction low = factory.create(event, raw, "champion", -7, null, null, 0, 1, 2);
        Prediction beyond = factory.create(event, raw, "champion", 12, null, null, 0, 1, 2);

        assertThat(high.getDecision()).isEqualTo(Decision.FLAG);
        assertThat(low.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(beyond.getDecision()).as("outside the range").isEqualTo(Decision.FLAG);
        assertThat(high.getScoreRange()).containsExactly(-10.0, 10.0);
        assertThat(
                        factory.create(event, champion, "champion", 0.1, null, null, 0, 1, 2)
                                .getScoreRange())
                .as("a probability")
                .isNull();
    }

    @Test
    void manifestsWithBadRangesOrBandsAreRefusedWithEveryMistake() {
        String base = new String(champion.toYaml(), UTF_8);
        assertThatThrownBy(
                        () ->
                                ModelManifest.fromYaml(
                                        (base.replaceAll("threshold: .*\n", "threshold: 5\n")
                                                        + "decisions:\n"
                                                        + "  - {decision: ALLOW, below: 0.6}\n"
                                                        + "  - {decision: ALLOW, below: 0.4}\n"
                                                        + "  - {decision: DECLINE, below: 0.9}\n")
                                                .getBytes(UTF_8)))
                .hasMessageContaining(
                        "threshold must be within [0, 1] (was 5.0); a raw score declares its range"
                                + " in output.range")
                .hasMessageContaining("decisions[1]: ALLOW is declared twice")
                .hasMessageContaining(
                        "decisions[1]: 'below' must rise from band to band within [0, 1] (was"
                                + " 0.4)")
                .hasMessageContaining(
                        "decisions[2]: the last band takes every higher score; remove 'below'")
                .hasMessageContaining("threshold 5.0 differs from the first band's bound 0.6");
        assertThatThrownBy(
                        () ->
                                ModelManifest.fromYaml(
                                        base.replace("output:\n", "output:\n  range: [3, -3]\n")
                                                .getBytes(UTF_8)))
                .hasMessageContaining(
                        "output.range must be two finite numbers [min, max] with min < max");
    }

    @Test
    void aScoreThatIsNotAProbabilityIsFlaggedNotAllowed() throws Exception {
        ModelManifest half = variant(0.5, champion.output(), List.of());
        assertThat(PredictionFactory.decision(0.2, half)).isEqualTo(Decision.ALLOW);
        assertThat(PredictionFactory.decision(0.5, half)).isEqualTo(Decision.FLAG);
        assertThat(PredictionFactory.decision(1.0, half)).isEqualTo(Decision.FLAG);
        assertThat(PredictionFactory.decision(0.0, half)).isEqualTo(Decision.ALLOW);
        for (double invalid :
                new double[] {
                    Double.NaN, -0.1, 1.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
                }) {
            assertThat(PredictionFactory.decision(invalid, half))
                    .as("score %s", invalid)
                    .isEqualTo(Decision.FLAG);
        }

        Prediction nan =
                factory.create(
                        event,
                        champion,
                        "champion",
                        Double.NaN,
                        null,
                        null,
                        Double.NaN,
                        850,
                        1_700_000_000_200L);
        assertThat(nan.getDecision()).isEqualTo(Decision.FLAG);
        var avro = WireFormat.AVRO.codec(Prediction.class);
        assertThat(avro.decode(avro.encode(nan)).getScore()).isNaN();
        // Plain JSON has no number for NaN: it is the string "NaN", read back as NaN.
        var json = WireFormat.JSON.codec(Prediction.class);
        byte[] encoded = json.encode(nan);
        assertThat(new String(encoded, StandardCharsets.UTF_8)).contains("\"score\":\"NaN\"");
        assertThat(json.decode(encoded).getScore()).isNaN();
    }

    private Decision score(double score) {
        return score >= champion.threshold() ? Decision.FLAG : Decision.ALLOW;
    }
}
