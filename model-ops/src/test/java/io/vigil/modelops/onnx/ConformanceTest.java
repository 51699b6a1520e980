package io.vigil.modelops.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every conformance model scores within 1e-6 of ONNX Runtime run directly on the same row. */
class ConformanceTest {

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ConformanceTest.class.getResourceAsStream("/conformance/" + name)) {
            return in.readAllBytes();
        }
    }

    static ModelManifest manifest(String model) throws Exception {
        return ModelManifest.fromYaml(resource(model + ".yaml"));
    }

    static byte[] onnx(String model) throws Exception {
        return resource(model.startsWith("pipeline") ? model + ".onnx" : model + ".model.onnx");
    }

    /**
     * Random rows in the manifest's feature order: numbers, or categories for string and int64
     * inputs.
     */
    private static List<String[]> rows(ModelManifest manifest, int count) {
        SplittableRandom random = new SplittableRandom(5);
        List<String[]> rows = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            List<String> names = manifest.featureNames();
            String[] row = new String[names.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] =
                        switch (names.get(c)) {
                            case "pclass" -> String.valueOf(1 + random.nextInt(3));
                            case "sex" -> random.nextBoolean() ? "male" : "female";
                            case "embarked" -> new String[] {"S", "C", "Q"}[random.nextInt(3)];
                            case "age" -> String.valueOf(1 + random.nextInt(80));
                            case "fare" -> String.valueOf(random.nextDouble() * 200);
                            default -> String.valueOf((float) (random.nextDouble() * 10 - 5));
                        };
            }
            rows.add(row);
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SklearnLogitisticRegressionBinary",
                "SklearnBinRandomForestClassifier",
                "pipeline_xgboost",
                "pipeline_titanic_nozipmap"
            })
    void scoresLikeOnnxRuntimeRunDirectly(String name) throws Exception {
        ModelManifest manifest = manifest(name);
        List<String[]> rows = rows(manifest, 100);
        double[] actual = new double[rows.size()];
        try (OnnxScorer scorer =
                OnnxScorer.load(onnx(name), manifest, manifest.featureNames(), List.of(), 32)) {
            scorer.score(new TextRows(rows, 1), actual);
        }

        double[] expected = direct(onnx(name), manifest, rows);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(actual[i]).as(name + " row " + i).isCloseTo(expected[i], within(1e-6));
        }
        assertThat(Arrays.stream(actual).allMatch(s -> s >= 0 && s <= 1))
                .as("scores are probabilities")
                .isTrue();
    }

    @Test
    void fixedBatchModelsAreScoredRowByRow() throws Exception {
        ModelManifest manifest = manifest("SklearnLogitisticRegressionBinary");
        try (OnnxScorer scorer =
                OnnxScorer.load(
                        onnx("SklearnLogitisticRegressionBinary"),
                        manifest,
                        manifest.featureNames(),
                        64)) {
            assertThat(scorer.maxBatch()).isEqualTo(1);
        }
        ModelManifest xgb = manifest("pipeline_xgboost");
        try (OnnxScorer scorer =
                OnnxScorer.load(onnx("pipeline_xgboost"), xgb, xgb.featureNames(), 64)) {
            assertThat(scorer.maxBatch()).isEqualTo(64);
        }
    }

    @Test
    void aPositiveClassTheModelDoesNotHaveIsRejectedWithTheClassesItHas() throws Exception {
        ModelManifest m = manifest("SklearnBinRandomForestClassifier");
        ModelManifest wrongClass =
                new ModelManifest(
                        m.name(),
                        m.version(),
                        m.threshold(),
                        m.inputs(),
                        new ModelOutput(m.output().name(), "fraud"),
                        m.metrics(),
                        m.tags(),
                        null);
        try (OnnxScorer scorer =
                OnnxScorer.load(
                        onnx("SklearnBinRandomForestClassifier"),
                        wrongClass,
                        wrongClass.featureNames(),
                        List.of(),
                        8)) {
            assertThatThrownBy(() -> scorer.warmUp(new TextRows(rows(wrongClass, 1), 1)))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("'fraud' is not among the model's classes [A, B]");
        }
    }

    @Test
    void streamedTextFeaturesFeedStringInputsExactlyAsTheOfflineScorerDoes() throws Exception {
        ModelManifest manifest = manifest("pipeline_titanic_nozipmap");
        List<String[]> rows = rows(manifest, 50);
        List<String> header = manifest.featureNames(); // pclass, sex, age, fare, embarked
        double[] offline = new double[rows.size()];
        try (OnnxScorer scorer =
                OnnxScorer.load(onnx("pipeline_titanic_nozipmap"), manifest, header, 16)) {
            scorer.score(new TextRows(rows, 1), offline);
        }

        // As ScoringJob has them: class (int64), age and fare (float) in the vector, sex and port
        // (string) as text features.
        double[][] vectors = new double[rows.size()][];
        String[][] texts = new String[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            vectors[i] =
                    new double[] {
                        Double.parseDouble(row[0].trim()),
                        Double.parseDouble(row[2].trim()),
                        Double.parseDouble(row[3].trim())
                    };
            texts[i] = new String[] {row[1].trim(), row[4].trim()};
        }
        double[] streamed = new double[rows.size()];
        try (OnnxScorer scorer =
                OnnxScorer.load(
                        onnx("pipeline_titanic_nozipmap"),
                        manifest,
                        List.of("pclass", "age", "fare"),
                        List.of("sex", "embarked"),
                        16)) {
            scorer.score(new VectorRows().reset(vectors, texts, rows.size()), streamed);
        }

        assertThat(streamed).containsExactly(offline, within(1e-9));
    }

    @Test
    void aTextFeatureCannotFeedANumericInput() throws Exception {
        ModelManifest manifest = manifest("pipeline_titanic_nozipmap");

        assertThatThrownBy(
                        () ->
                                OnnxScorer.load(
                                        onnx("pipeline_titanic_nozipmap"),
                                        manifest,
                                        List.of("pclass", "sex", "embarked"),
                                        List.of("age", "fare"),
                                        8))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(
                        "the model reads the text feature 'age' into input 'age', which takes"
                                + " FLOAT: give the model a string input for it, or declare a"
                                + " one_hot feature");
    }

    @Test
    void aManifestMissingAModelInputIsRejected() throws Exception {
        ModelManifest m = manifest("pipeline_titanic_nozipmap");
        ModelManifest fourInputs =
                new ModelManifest(
                        m.name(),
                        m.version(),
                        m.threshold(),
                        m.inputs().subList(0, 4),
                        m.output(),
                        m.metrics(),
                        m.tags(),
                        null);

        assertThatThrownBy(
                        () ->
                                OnnxScorer.load(
                                        onnx("pipeline_titanic_nozipmap"),
                                        fourInputs,
                                        fourInputs.featureNames(),
                                        List.of(),
                                        8))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("also needs inputs [embarked]");
    }

    /** ONNX Runtime on one row at a time, inputs built by hand from the model's metadata. */
    private static double[] direct(byte[] bytes, ModelManifest manifest, List<String[]> rows)
            throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<String> names = manifest.featureNames();
        double[] scores = new double[rows.size()];
        try (OrtSession session = env.createSession(bytes, new OrtSession.SessionOptions())) {
            for (int r = 0; r < rows.size(); r++) {
                Map<String, OnnxTensor> inputs = new HashMap<>();
                for (ModelInput input : manifest.inputs()) {
                    NodeInfo node = session.getInputInfo().get(input.name());
                    OnnxJavaType type = ((TensorInfo) node.getInfo()).type;
                    int width = input.features().size();
                    String[] cells = new String[width];
                    for (int c = 0; c < width; c++) {
                        cells[c] = rows.get(r)[names.indexOf(input.features().get(c).name())];
                    }
                    inputs.put(
                            input.name(),
                            switch (type) {
                                case FLOAT -> {
                                    float[][] v = new float[1][width];
                                    for (int c = 0; c < width; c++) {
                                        v[0][c] = Float.parseFloat(cells[c]);
                                    }
                                    yield OnnxTensor.createTensor(env, v);
                                }
                                case INT64 -> {
                                    long[][] v = new long[1][width];
                                    for (int c = 0; c < width; c++) {
                                        v[0][c] = Long.parseLong(cells[c]);
                                    }
                                    yield OnnxTensor.createTensor(env, v);
                                }
                                default ->
                                        OnnxTensor.createTensor(env, cells, new long[] {1, width});
                            });
                }
                try (OrtSession.Result result = session.run(inputs)) {
                    scores[r] =
                            read(
                                    result.get(manifest.output().name()).orElseThrow(),
                                    manifest.output().positiveClass());
                } finally {
                    inputs.values().forEach(OnnxTensor::close);
                }
            }
        }
        return scores;
    }

    private static double read(OnnxValue value, String positiveClass) throws Exception {
        if (value instanceof OnnxSequence sequence) {
            Map<?, ?> probabilities = ((OnnxMap) sequence.getValue().get(0)).getValue();
            for (Map.Entry<?, ?> entry : probabilities.entrySet()) {
                if (String.valueOf(entry.getKey()).equals(positiveClass)) {
                    return ((Number) entry.getValue()).doubleValue();
                }
            }
            throw new AssertionError("no class " + positiveClass + " in " + probabilities);
        }
        float[][] probabilities = (float[][]) value.getValue();
        return probabilities[0][Integer.parseInt(positiveClass)];
    }
}
