package io.vigil.modelops.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.OutputTransform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores feature rows with an ONNX model as its manifest describes. Flink-free.
 *
 * <p>Adapts to what exporters produce without model-specific code: one {@code [N,F]} input or
 * several named inputs (float, double, int64, string); a dynamic batch (up to {@link #maxBatch()}
 * rows per run) or a fixed batch of 1 (row by row); a probability tensor, a score or a ZipMap
 * output (see {@link OutputReader}).
 *
 * <p>Not thread-safe (reused buffers): one per operator instance. {@link #close()} releases the
 * model, which is closed when its last user releases it; it must not run while {@link #score} does.
 */
public final class OnnxScorer implements AutoCloseable {

    private final ModelManifest manifest;
    private final OnnxModel model;
    private final Runnable release;
    private final List<InputBinding> inputs;
    private final OutputReader output;
    private final Set<String> outputNames;
    private final int maxBatch;

    private OnnxScorer(
            ModelManifest manifest,
            OnnxModel model,
            Runnable release,
            List<InputBinding> inputs,
            OutputReader output,
            int maxBatch) {
        this.manifest = manifest;
        this.model = model;
        this.release = release;
        this.inputs = inputs;
        this.output = output;
        this.outputNames = Set.of(manifest.output().name());
        this.maxBatch = maxBatch;
    }

    /** Loads a model from bytes for this scorer alone; {@link #close()} closes it. */
    public static OnnxScorer load(
            byte[] bytes, ModelManifest manifest, List<String> features, int maxBatch)
            throws ModelLoadException {
        return load(bytes, manifest, features, List.of(), maxBatch);
    }

    /**
     * Like {@link #load(byte[], ModelManifest, List, int)}, for rows that also carry text-only
     * features.
     */
    public static OnnxScorer load(
            byte[] bytes,
            ModelManifest manifest,
            List<String> features,
            List<String> textFeatures,
            int maxBatch)
            throws ModelLoadException {
        OnnxModel model = OnnxModel.load(bytes, manifest.id());
        try {
            return create(model, model::close, manifest, features, textFeatures, maxBatch);
        } catch (ModelLoadException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Checks {@code model} against {@code manifest} and the available features, and binds them.
     *
     * @param release run by {@link #close()}: gives the model back (closing it or decrementing a
     *     count)
     * @param features names of the features with numeric values the rows will carry (text too, for
     *     string inputs), in index order
     * @param textFeatures names of the text-only features the rows carry after those
     * @throws ModelLoadException naming the first mismatch; {@code release} is not run then
     */
    public static OnnxScorer create(
            OnnxModel model,
            Runnable release,
            ModelManifest manifest,
            List<String> features,
            List<String> textFeatures,
            int maxBatch)
            throws ModelLoadException {
        String id = manifest.id();
        List<String> available = new ArrayList<>(features);
        available.addAll(textFeatures);
        Set<String> unbound = new HashSet<>(model.inputs().keySet());
        List<InputBinding> bindings = new ArrayList<>();
        boolean fixedBatchOfOne = false;
        for (ModelInput input : manifest.inputs()) {
            NodeInfo node = model.inputs().get(input.name());
            if (node == null) {
                throw new ModelLoadException(
                        "model "
                                + id
                                + " has no input '"
                                + input.name()
                                + "'; its inputs are "
                                + model.inputs().keySet());
            }
            unbound.remove(input.name());
            bindings.add(
                    InputBinding.resolve(input, node, available, features.size(), maxBatch, id));
            fixedBatchOfOne |=
                    node.getInfo() instanceof TensorInfo info
                            && info.getShape().length > 0
                            && info.getShape()[0] == 1;
        }
        if (!unbound.isEmpty()) {
            throw new ModelLoadException(
                    "model "
                            + id
                            + " also needs inputs "
                            + unbound
                            + ", which the manifest does not fill");
        }
        NodeInfo out = model.outputs().get(manifest.output().name());
        if (out == null) {
            throw new ModelLoadException(
                    "model "
                            + id
                            + " has no output '"
                            + manifest.output().name()
                            + "'; its outputs are "
                            + model.outputs().keySet());
        }
        OutputReader reader = OutputReader.resolve(manifest.output(), out, id);
        return new OnnxScorer(
                manifest,
                model,
                release,
                bindings,
                reader,
                fixedBatchOfOne ? 1 : Math.max(1, maxBatch));
    }

    /**
     * Most rows scored by one ONNX Runtime call (1 for models exported with a fixed batch of 1).
     */
    public int maxBatch() {
        return maxBatch;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /**
     * Scores every row into {@code scores[0..rows.count())}.
     *
     * @throws OrtException if ONNX Runtime fails to run the model
     * @throws ModelLoadException if the output lacks the positive class (a ZipMap without that key)
     */
    public void score(FeatureRows rows, double[] scores) throws OrtException, ModelLoadException {
        int count = rows.count();
        for (int start = 0; start < count; start += maxBatch) {
            int n = Math.min(maxBatch, count - start);
            Map<String, OnnxTensor> tensors = new HashMap<>(inputs.size() * 2);
            try {
                for (InputBinding input : inputs) {
                    tensors.put(input.name(), input.tensor(rows, start, n));
                }
                try (OrtSession.Result result = model.session().run(tensors, outputNames)) {
                    output.read(result.get(0), n, scores, start);
                }
                OutputTransform transform = manifest.output().transform();
                if (transform != OutputTransform.NONE) {
                    for (int i = start; i < start + n; i++) {
                        scores[i] = transform.apply(scores[i]);
                    }
                }
            } finally {
                tensors.values().forEach(OnnxTensor::close);
            }
        }
    }

    /**
     * Scores {@code sample} and requires every score to be finite and within the output's range
     * ([0, 1] for probabilities): a model must pass this before it may serve.
     *
     * @throws ModelLoadException saying what was wrong
     */
    public void warmUp(FeatureRows sample) throws ModelLoadException {
        double[] scores = new double[sample.count()];
        try {
            score(sample, scores);
        } catch (OrtException e) {
            throw new ModelLoadException(
                    "model " + manifest.id() + " failed its warm-up run: " + e.getMessage(), e);
        }
        for (double score : scores) {
            if (!manifest.output().holds(score)) {
                throw new ModelLoadException(
                        "model "
                                + manifest.id()
                                + " gave the score "
                                + score
                                + " in its warm-up run; "
                                + (manifest.output().range() != null
                                        ? "scores must be finite and within its output.range "
                                                + manifest.output().rangeText()
                                        : "scores must be finite probabilities within [0, 1]")
                                + (manifest.output().transform() == OutputTransform.NONE
                                                && manifest.output().range() == null
                                        ? " (a model that outputs a margin or log-odds, such as a"
                                                + " decision function, declares output.transform:"
                                                + " SIGMOID in its manifest; a raw score in its own"
                                                + " units declares output.range: [min, max])"
                                        : ""));
            }
        }
    }

    @Override
    public void close() {
        release.run();
    }
}
