package io.vigil.loadtest.jmh;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.retrainer.training.LabelledVector;
import io.vigil.retrainer.training.LogisticRegressionTrainer;
import io.vigil.retrainer.training.XGBoostTrainer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The scorer's cost per batch beside ONNX Runtime's own for the same model and batch: {@code vigil}
 * binds the rows per the manifest (transforms, copy into a reused direct buffer), runs the session
 * and reads the scores; {@code raw} wraps an already filled direct buffer and runs the session. The
 * ratio is the scorer's overhead (the target is at most 1.2 at batch 64). Run: {@code ./vigil jmh
 * ScorerBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScorerBenchmark {

    private static final int FEATURES = 18;

    @Param({"lr", "gbdt"})
    public String model;

    @Param({"1", "64", "256"})
    public int batch;

    private OnnxScorer scorer;
    private VectorRows rows;
    private double[] scores;
    private OrtEnvironment env;
    private OrtSession session;
    private FloatBuffer input;
    private String inputName;
    private String outputName;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        List<String> names = IntStream.range(0, FEATURES).mapToObj(i -> "f" + i).toList();
        TrainedModel trained =
                model.equals("lr")
                        ? new LogisticRegressionTrainer(3, 1)
                                .train(vectors(1, 4000), vectors(2, 1000), names, "bench", "1")
                        : new XGBoostTrainer(100, 4, 0.2, 1)
                                .train(vectors(1, 4000), vectors(2, 1000), names, "bench", "1");
        scorer = OnnxScorer.load(trained.onnx(), trained.manifest(), names, batch);
        double[][] vectors =
                vectors(3, batch).stream().map(LabelledVector::features).toArray(double[][]::new);
        rows = new VectorRows().reset(vectors, batch);
        scores = new double[batch];

        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = env.createSession(trained.onnx(), options);
        }
        inputName = trained.manifest().inputs().get(0).name();
        outputName = trained.manifest().output().name();
        input =
                ByteBuffer.allocateDirect(batch * FEATURES * Float.BYTES)
                        .order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
        for (double[] vector : vectors) {
            for (double v : vector) {
                input.put((float) v);
            }
        }
        input.rewind();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        scorer.close();
        session.close();
    }

    @Benchmark
    public double vigil() throws Exception {
        scorer.score(rows, scores);
        return scores[batch - 1];
    }

    @Benchmark
    public float raw() throws Exception {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {batch, FEATURES});
                OrtSession.Result result =
                        session.run(Map.of(inputName, tensor), Set.of(outputName))) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer().get(2 * batch - 1);
        }
    }

    private static List<LabelledVector> vectors(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledVector> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] f = new double[FEATURES];
            for (int j = 0; j < f.length; j++) {
                f[j] = random.nextDouble() * (j == 0 ? 500 : 10);
            }
            list.add(
                    new LabelledVector(
                            f,
                            f[0] > 400 && random.nextDouble() < 0.8 || random.nextDouble() < 0.02));
        }
        return list;
    }
}
