package io.vigil.modelops.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loaded ONNX model: one ONNX Runtime session (one intra-op and one inter-op thread: Flink's
 * parallelism is the scaling knob) and its input and output metadata. Sessions may be run by
 * several threads at once; {@link #close()} must wait until none does (see {@link SessionCache}).
 */
public final class OnnxModel implements AutoCloseable {

    private final OrtSession session;
    private final Map<String, NodeInfo> inputs;
    private final Map<String, NodeInfo> outputs;

    private OnnxModel(OrtSession session) throws OrtException {
        this.session = session;
        this.inputs = new LinkedHashMap<>(session.getInputInfo());
        this.outputs = new LinkedHashMap<>(session.getOutputInfo());
    }

    /**
     * @throws ModelLoadException if the bytes are not a self-contained model ONNX Runtime can load
     */
    public static OnnxModel load(byte[] bytes, String description) throws ModelLoadException {
        if (ExternalDataCheck.referencesExternalData(bytes)) {
            throw new ModelLoadException(
                    description
                            + " references external data files (weights stored beside the model);"
                            + " export it with the weights inside the .onnx file");
        }
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = environment().createSession(bytes, options);
        } catch (OrtException e) {
            throw new ModelLoadException(
                    description + " is not a loadable ONNX model: " + e.getMessage(), e);
        }
        try {
            return new OnnxModel(session);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelLoadException(
                    "cannot read the inputs and outputs of " + description + ": " + e.getMessage(),
                    e);
        }
    }

    /** The one ONNX Runtime environment of this JVM; never closed. */
    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /** Inputs by name, in the model's order. */
    public Map<String, NodeInfo> inputs() {
        return inputs;
    }

    /** Outputs by name, in the model's order. */
    public Map<String, NodeInfo> outputs() {
        return outputs;
    }

    OrtSession session() {
        return session;
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
}
