package io.vigil.loadtest.jmh;

import ai.onnx.proto.OnnxMl;
import io.vigil.modelops.explain.Explainer;
import io.vigil.modelops.explain.TreeEnsemble;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.retrainer.training.LabelledVector;
import io.vigil.retrainer.training.LogisticRegressionTrainer;
import io.vigil.retrainer.training.XGBoostTrainer;
import io.vigil.schemas.Reason;
import java.util.ArrayList;
import java.util.List;
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
 * What reason codes add to scoring a micro-batch with a model Vigil trains ({@code features}
 * features, top 3): the logistic regression (linear explainer: from the weights it probes at load,
 * one more scoring row per explained row, or by ablation, one more per feature and explained row)
 * or 100 trees of depth 4 (TreeSHAP, in Java: path-dependent with the covers Vigil's export
 * carries, or interventional against 100 background rows of the reference profile, as for an export
 * without covers). {@code score} scores the batch, {@code scoreAndExplain} also finds the reasons
 * of every row, or of the flagged ones only. The difference divided by the batch is the cost per
 * prediction. Run: {@code ./vigil jmh ReasonCodesBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReasonCodesBenchmark {

    /**
     * The logistic regression (linear explainer), 100 trees of depth 4 (path-dependent TreeSHAP),
     * or the same trees without covers (interventional TreeSHAP).
     */
    @Param({"lr", "trees", "trees-interventional"})
    public String model;

    @Param({"18"})
    public int features;

    @Param({"64"})
    public int batch;

    /**
     * How the linear explainer finds contributions: from the weights it probes when verified (as
     * the scoring operator loads a version), or by ablation (an explainer never verified).
     */
    @Param({"probed-weights", "ablation"})
    public String linear;

    /** Which predictions are explained: every one, or FLAG decisions only. */
    @Param({"all", "flagged"})
    public String predictions;

    private OnnxScorer scorer;
    private Explainer explainer;
    private double[][] vectors;
    private String[][] texts;
    private VectorRows rows;
    private double[] scores;
    private List<Reason>[] reasons;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws Exception {
        List<String> names = IntStream.range(0, features).mapToObj(i -> "f" + i).toList();
        TrainedModel trained =
                model.equals("lr")
                        ? new LogisticRegressionTrainer(3, 1)
                                .train(vectors(1, 4000), vectors(2, 1000), names, "bench", "1")
                        : new XGBoostTrainer(100, 4, 0.2, 1)
                                .train(vectors(1, 4000), vectors(2, 1000), names, "bench", "1");
        byte[] onnx =
                model.equals("trees-interventional")
                        ? withoutCovers(trained.onnx())
                        : trained.onnx();
        // As the scoring operator loads it: runs of at most one micro-batch of rows.
        ReasonCodes codes = trained.manifest().reasons();
        ModelManifest manifest =
                trained.manifest()
                        .withReasons(
                                new ReasonCodes(
                                        codes.explainer(),
                                        codes.top(),
                                        codes.baseline(),
                                        predictions));
        scorer = OnnxScorer.load(onnx, manifest, names, batch);
        explainer = Explainer.of(manifest, names, onnx);
        if (!model.equals("lr") || linear.equals("probed-weights")) {
            explainer.verify(scorer, features, 0);
        }
        vectors = vectors(3, batch).stream().map(LabelledVector::features).toArray(double[][]::new);
        texts = new String[batch][0];
        rows = new VectorRows().reset(vectors, batch);
        scores = new double[batch];
        reasons = new List[batch];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scorer.close();
    }

    @Benchmark
    public double score() throws Exception {
        scorer.score(rows, scores);
        return scores[batch - 1];
    }

    @Benchmark
    public Object scoreAndExplain() throws Exception {
        scorer.score(rows, scores);
        explainer.explain(scorer, vectors, texts, batch, scores, reasons);
        return reasons[batch - 1];
    }

    /** The model as an exporter that stores no covers writes it. */
    private static byte[] withoutCovers(byte[] onnx) throws Exception {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(onnx);
        OnnxMl.ModelProto.Builder stripped = model.toBuilder().clearMetadataProps();
        model.getMetadataPropsList().stream()
                .filter(entry -> !entry.getKey().equals(TreeEnsemble.COVERS))
                .forEach(stripped::addMetadataProps);
        return stripped.build().toByteArray();
    }

    private List<LabelledVector> vectors(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledVector> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] f = new double[features];
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
