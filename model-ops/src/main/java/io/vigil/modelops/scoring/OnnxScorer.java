package io.vigil.modelops.scoring;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.vigil.modelops.manifest.ModelManifest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * Scores feature vectors with an ONNX model described by a {@link ModelManifest}. Flink-free.
 *
 * <p>Per call: rows are written into one reused direct buffer, one {@code run} scores up to
 * {@link #maxBatch()} rows (models with a fixed batch of 1 are run row by row), and the positive
 * class's probability is read from the output. Sessions use one intra-op and one inter-op thread:
 * Flink's parallelism is the scaling knob.
 *
 * <p>Not thread-safe; {@link #close()} must not run while {@link #score} does (closing a running
 * session crashes the JVM).
 */
public final class OnnxScorer implements AutoCloseable {

    private final ModelManifest manifest;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final FeatureMapping mapping;
    private final int maxBatch;
    private final FloatBuffer input;
    private final int positiveColumn;

    private OnnxScorer(ModelManifest manifest, OrtEnvironment environment, OrtSession session,
            FeatureMapping mapping, int maxBatch, int positiveColumn) {
        this.manifest = manifest;
        this.environment = environment;
        this.session = session;
        this.mapping = mapping;
        this.maxBatch = maxBatch;
        this.positiveColumn = positiveColumn;
        this.input = ByteBuffer.allocateDirect(maxBatch * mapping.width() * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /**
     * Loads a model and checks it against its manifest and the computed features.
     *
     * @param availableFeatures names of the computed features, in vector order
     * @param maxBatch most rows per {@code run}; lowered to 1 for models with a fixed batch of 1
     * @throws ModelLoadException if the bytes are not a model, or its inputs or outputs do not match the manifest
     */
    public static OnnxScorer load(byte[] model, ModelManifest manifest, List<String> availableFeatures, int maxBatch)
            throws ModelLoadException {
        FeatureMapping mapping = FeatureMapping.resolve(manifest.features(), availableFeatures);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = environment.createSession(model, options);
        } catch (OrtException e) {
            throw new ModelLoadException("model " + describe(manifest) + " is not a loadable ONNX model: " + e.getMessage(), e);
        }
        try {
            long[] inputShape = checkInput(session, manifest, mapping.width());
            int positiveColumn = checkOutput(session, manifest);
            int batch = inputShape[0] == 1 ? 1 : Math.max(1, maxBatch);
            return new OnnxScorer(manifest, environment, session, mapping, batch, positiveColumn);
        } catch (ModelLoadException | RuntimeException e) {
            closeQuietly(session);
            throw e;
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelLoadException("cannot inspect model " + describe(manifest) + ": " + e.getMessage(), e);
        }
    }

    private static long[] checkInput(OrtSession session, ModelManifest manifest, int width)
            throws OrtException, ModelLoadException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        NodeInfo node = inputs.get(manifest.input());
        if (node == null || inputs.size() != 1) {
            throw new ModelLoadException("model " + describe(manifest) + " has inputs " + inputs.keySet()
                    + "; the manifest expects exactly one named '" + manifest.input() + "'");
        }
        if (!(node.getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT || info.getShape().length != 2) {
            throw new ModelLoadException("input '" + manifest.input() + "' of " + describe(manifest)
                    + " is " + node.getInfo() + "; expected a float tensor [N, " + width + "]");
        }
        long[] shape = info.getShape();
        if (shape[1] != width) {
            throw new ModelLoadException("input '" + manifest.input() + "' of " + describe(manifest) + " has "
                    + shape[1] + " columns but the manifest lists " + width + " features");
        }
        return shape;
    }

    private static int checkOutput(OrtSession session, ModelManifest manifest) throws OrtException, ModelLoadException {
        NodeInfo node = session.getOutputInfo().get(manifest.output());
        if (node == null) {
            throw new ModelLoadException("model " + describe(manifest) + " has outputs " + session.getOutputNames()
                    + "; the manifest reads '" + manifest.output() + "'");
        }
        if (!(node.getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT) {
            throw new ModelLoadException("output '" + manifest.output() + "' of " + describe(manifest)
                    + " is " + node.getInfo() + "; expected a float probability tensor");
        }
        long[] shape = info.getShape();
        int columns = shape.length < 2 ? 1 : (int) shape[1];
        int positive = columns == 1 ? 0 : manifest.positiveClassColumn();
        if (columns > 0 && positive >= columns) {
            throw new ModelLoadException("positiveClass " + manifest.positiveClass() + " of " + describe(manifest)
                    + " is outside the " + columns + " output columns");
        }
        return positive;
    }

    /** Most rows scored by one ONNX Runtime call. */
    public int maxBatch() {
        return maxBatch;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /**
     * Scores {@code rows[0..count)}, each a full computed feature vector, into {@code scores[0..count)}.
     *
     * @throws OrtException if ONNX Runtime fails to run the model
     */
    public void score(double[][] rows, int count, double[] scores) throws OrtException {
        for (int start = 0; start < count; start += maxBatch) {
            int n = Math.min(maxBatch, count - start);
            input.clear();
            for (int i = 0; i < n; i++) {
                mapping.write(rows[start + i], input);
            }
            input.flip();
            long[] shape = {n, mapping.width()};
            try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input, shape);
                    OrtSession.Result result = session.run(Map.of(manifest.input(), tensor), java.util.Set.of(manifest.output()))) {
                readScores(result.get(0), n, scores, start);
            }
        }
    }

    private void readScores(OnnxValue value, int n, double[] scores, int offset) {
        FloatBuffer out = ((OnnxTensor) value).getFloatBuffer();
        int columns = out.remaining() / n;
        for (int i = 0; i < n; i++) {
            scores[offset + i] = out.get(i * columns + positiveColumn);
        }
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // Nothing to recover: the native memory is released or lost either way.
        }
    }

    private static String describe(ModelManifest manifest) {
        return manifest.name() + ":" + manifest.version();
    }
}
