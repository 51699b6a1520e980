package io.vigil.jobs.testutils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.Transaction;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a job's predictions must hold, computed without the job: every feature equal to an offline
 * replay of the transactions, and every score equal to ONNX Runtime's own output for the version
 * that the prediction names, run directly on a session of that version's bytes (not through Vigil's
 * scorer).
 */
public final class PredictionOracle {

    private PredictionOracle() {}

    /**
     * Asserts that every prediction carries exactly the features {@link Transactions#replay}
     * computes over {@code sent} in list order.
     */
    public static void assertFeaturesEqualReplay(
            List<Prediction> predictions, FeatureSpec spec, String secret, List<Transaction> sent) {
        assertFeaturesEqualReplay(predictions, spec, secret, sent, spec.featureNames());
    }

    /**
     * As {@link #assertFeaturesEqualReplay(List, FeatureSpec, String, List)}, for the features
     * named in {@code compared} only: those of entities whose events all arrive in the order they
     * were sent (a card's, which Kafka keeps in one partition), when the job orders by arrival.
     */
    public static void assertFeaturesEqualReplay(
            List<Prediction> predictions,
            FeatureSpec spec,
            String secret,
            List<Transaction> sent,
            Collection<String> compared) {
        Map<String, double[]> expected = Transactions.replay(spec, secret, sent);
        List<String> names = spec.featureNames();
        assertThat(names).as("the compared features exist").containsAll(compared);
        for (Prediction p : predictions) {
            double[] features = expected.get(p.getTransactionId());
            assertThat(features).as("a sent transaction: " + p.getTransactionId()).isNotNull();
            for (int i = 0; i < features.length; i++) {
                if (!compared.contains(names.get(i))) {
                    continue;
                }
                assertThat(p.getFeatures().get(names.get(i)))
                        .as(p.getTransactionId() + " " + names.get(i))
                        .isEqualTo(features[i]);
            }
        }
    }

    /**
     * Asserts that every prediction's score is ONNX Runtime's positive-class probability for its
     * features under the model of the version it names ({@code models} by version), within 1e-6.
     */
    public static void assertScoresEqualOnnxRuntime(
            List<Prediction> predictions, Map<String, TrainedModel> models) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OrtSession> sessions = new HashMap<>();
        try {
            for (var version : models.entrySet()) {
                sessions.put(
                        version.getKey(),
                        env.createSession(
                                version.getValue().onnx(), new OrtSession.SessionOptions()));
            }
            for (Prediction p : predictions) {
                TrainedModel model = models.get(p.getModelVersion());
                assertThat(model).as("the version %s is known", p.getModelVersion()).isNotNull();
                assertThat(p.getScore())
                        .as(p.getTransactionId() + " scored by version " + p.getModelVersion())
                        .isCloseTo(
                                score(env, sessions.get(p.getModelVersion()), model.manifest(), p),
                                within(1e-6));
            }
        } finally {
            for (OrtSession session : sessions.values()) {
                session.close();
            }
        }
    }

    private static double score(
            OrtEnvironment env, OrtSession session, ModelManifest manifest, Prediction p)
            throws OrtException {
        List<FeatureInput> features = manifest.inputs().get(0).features();
        float[][] row = new float[1][features.size()];
        for (int c = 0; c < row[0].length; c++) {
            FeatureInput input = features.get(c);
            row[0][c] = (float) input.transform().apply(p.getFeatures().get(input.name()));
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, row);
                OrtSession.Result result =
                        session.run(Map.of(manifest.inputs().get(0).name(), tensor))) {
            float[][] probabilities =
                    (float[][]) result.get(manifest.output().name()).get().getValue();
            return probabilities[0][Integer.parseInt(manifest.output().positiveClass())];
        }
    }
}
