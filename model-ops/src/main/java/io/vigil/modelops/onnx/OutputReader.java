package io.vigil.modelops.onnx;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import io.vigil.modelops.manifest.ModelOutput;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the positive class's probability of each row from a model output, in whichever form the
 * exporter produced: a probability tensor {@code [N,C]} (the positive class is a column index), a
 * single-column score {@code [N,1]} or {@code [N]}, or a ZipMap {@code seq(map(int64|string ->
 * float))} (the positive class is a key).
 */
abstract class OutputReader {

    /** Writes the scores of {@code n} rows into {@code scores[offset..offset+n)}. */
    abstract void read(OnnxValue value, int n, double[] scores, int offset)
            throws OrtException, ModelLoadException;

    /**
     * @throws ModelLoadException if the output's form is not one Vigil can read, or the class
     *     cannot be in it
     */
    static OutputReader resolve(ModelOutput output, NodeInfo node, String model)
            throws ModelLoadException {
        if (node.getInfo() instanceof TensorInfo info
                && (info.type == OnnxJavaType.FLOAT || info.type == OnnxJavaType.DOUBLE)) {
            long[] shape = info.getShape();
            long columns = shape.length == 1 ? 1 : shape.length == 2 ? shape[1] : -2;
            if (columns == -2) {
                throw new ModelLoadException(
                        "output '"
                                + output.name()
                                + "' of "
                                + model
                                + " has shape "
                                + Arrays.toString(shape)
                                + "; expected [N], [N,1] or [N,C]");
            }
            if (columns == 1) {
                return new TensorReader(0);
            }
            int column;
            try {
                column = Integer.parseInt(output.positiveClass());
            } catch (NumberFormatException e) {
                throw new ModelLoadException(
                        "positive class '"
                                + output.positiveClass()
                                + "' of "
                                + model
                                + " must be a column index of the probability tensor '"
                                + output.name()
                                + "' (0.."
                                + (columns - 1)
                                + ")");
            }
            if (column < 0 || (columns > 0 && column >= columns)) {
                throw new ModelLoadException(
                        "positive class "
                                + column
                                + " of "
                                + model
                                + " is not a column of '"
                                + output.name()
                                + "', which has "
                                + columns
                                + " (classes 0.."
                                + (columns - 1)
                                + ")");
            }
            return new TensorReader(column);
        }
        if (node.getInfo() instanceof SequenceInfo info && info.isSequenceOfMaps()) {
            MapInfo map = info.mapInfo;
            if (map.keyType == OnnxJavaType.INT64) {
                try {
                    return new ZipMapReader(
                            Long.parseLong(output.positiveClass()), output.positiveClass());
                } catch (NumberFormatException e) {
                    throw new ModelLoadException(
                            "positive class '"
                                    + output.positiveClass()
                                    + "' of "
                                    + model
                                    + " must be an integer: the classes of '"
                                    + output.name()
                                    + "' are int64");
                }
            }
            return new ZipMapReader(output.positiveClass(), output.positiveClass());
        }
        throw new ModelLoadException(
                "output '"
                        + output.name()
                        + "' of "
                        + model
                        + " is "
                        + node.getInfo()
                        + "; expected a float probability tensor or a ZipMap seq(map(int64|string,"
                        + " float))");
    }

    /** Probability tensor: one column per class, or a single score column. */
    private static final class TensorReader extends OutputReader {
        private final int column;

        TensorReader(int column) {
            this.column = column;
        }

        @Override
        void read(OnnxValue value, int n, double[] scores, int offset) {
            OnnxTensor tensor = (OnnxTensor) value;
            if (tensor.getInfo().type == OnnxJavaType.DOUBLE) {
                DoubleBuffer out = tensor.getDoubleBuffer();
                int columns = out.remaining() / n;
                for (int i = 0; i < n; i++) {
                    scores[offset + i] = out.get(i * columns + column);
                }
            } else {
                FloatBuffer out = tensor.getFloatBuffer();
                int columns = out.remaining() / n;
                for (int i = 0; i < n; i++) {
                    scores[offset + i] = out.get(i * columns + column);
                }
            }
        }
    }

    /** ZipMap: one map from class to probability per row. */
    private static final class ZipMapReader extends OutputReader {
        private final Object key;
        private final String label;

        ZipMapReader(Object key, String label) {
            this.key = key;
            this.label = label;
        }

        @Override
        void read(OnnxValue value, int n, double[] scores, int offset)
                throws OrtException, ModelLoadException {
            List<? extends OnnxValue> rows = ((OnnxSequence) value).getValue();
            for (int i = 0; i < n; i++) {
                Map<?, ?> probabilities = ((OnnxMap) rows.get(i)).getValue();
                Object probability = probabilities.get(key);
                if (probability == null) {
                    throw new ModelLoadException(
                            "positive class '"
                                    + label
                                    + "' is not among the model's classes "
                                    + new TreeSet<>(
                                            probabilities.keySet().stream()
                                                    .map(String::valueOf)
                                                    .toList()));
                }
                scores[offset + i] = ((Number) probability).doubleValue();
            }
        }
    }
}
