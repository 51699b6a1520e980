package io.vigil.modelops.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.testutils.TestModels;
import io.vigil.schemas.Decision;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.codec.RecordDecodingException;
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
                        event, champion, "champion", 0.97, shadow, 0.12, 850, 1_700_000_000_200L);
        Prediction alone =
                factory.create(
                        event,
                        champion,
                        "champion",
                        0.01,
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

        Prediction p = carrying.create(e, champion, "champion", 0.2, null, Double.NaN, 1, 2);

        Map<String, String> expected = new HashMap<>();
        expected.put("merchant", "shop-1");
        expected.put("payer.email", null);
        assertThat(p.getEventFields()).isEqualTo(expected);
        assertThat(p.getTextFeatures()).isEqualTo(Map.of("channel", "ONLINE"));
        assertThat(p.getAmount()).as("no amount declared").isNull();
        var codec = WireFormat.AVRO.codec(Prediction.class);
        assertThat(codec.decode(codec.encode(p))).isEqualTo(p);
        assertThat(factory.create(event, champion, "champion", 0.2, null, 0, 1, 2).getEventFields())
                .as("nothing carried")
                .isNull();
        assertThat(
                        factory.create(event, champion, "champion", 0.2, null, 0, 1, 2)
                                .getTextFeatures())
                .as("no text features")
                .isNull();
    }

    @Test
    void aScoreThatIsNotAProbabilityIsFlaggedNotAllowed() throws Exception {
        assertThat(PredictionFactory.decision(0.2, 0.5)).isEqualTo(Decision.ALLOW);
        assertThat(PredictionFactory.decision(0.5, 0.5)).isEqualTo(Decision.FLAG);
        assertThat(PredictionFactory.decision(1.0, 0.5)).isEqualTo(Decision.FLAG);
        assertThat(PredictionFactory.decision(0.0, 0.5)).isEqualTo(Decision.ALLOW);
        for (double invalid :
                new double[] {
                    Double.NaN, -0.1, 1.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
                }) {
            assertThat(PredictionFactory.decision(invalid, 0.5))
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
                        Double.NaN,
                        850,
                        1_700_000_000_200L);
        assertThat(nan.getDecision()).isEqualTo(Decision.FLAG);
        var avro = WireFormat.AVRO.codec(Prediction.class);
        assertThat(avro.decode(avro.encode(nan)).getScore()).isNaN();
        // Avro 1.11's JSON encoding writes NaN as the string "NaN" and its decoder refuses it
        // (AVRO-2032): a clear decoding error, which Vigil's readers log and skip, not a wrong
        // value.
        var json = WireFormat.JSON.codec(Prediction.class);
        byte[] encoded = json.encode(nan);
        assertThat(new String(encoded, StandardCharsets.UTF_8)).contains("\"score\":\"NaN\"");
        assertThatThrownBy(() -> json.decode(encoded)).isInstanceOf(RecordDecodingException.class);
    }

    private Decision score(double score) {
        return score >= champion.threshold() ? Decision.FLAG : Decision.ALLOW;
    }
}
