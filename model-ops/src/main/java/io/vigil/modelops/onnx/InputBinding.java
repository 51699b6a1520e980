package io.vigil.modelops.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.FeatureTransform;
import io.vigil.modelops.manifest.ModelInput;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Fills one model input tensor from feature rows: which features go in which columns, their
 * transforms, and the element type the model wants (float, double, int64 or string). Numeric inputs
 * are written into one reused direct buffer; resolved once per model, so the per-event path is
 * index lookups only.
 */
final class InputBinding {

    private final String name;
    private final OnnxJavaType type;
    private final int[] features;
    private final FeatureTransform[] transforms;
    private final boolean rankOne;
    private final Buffer buffer;

    /** Float inputs' values before they go into {@link #buffer}: reused. */
    private final float[] floats;

    private InputBinding(
            String name,
            OnnxJavaType type,
            int[] features,
            FeatureTransform[] transforms,
            boolean rankOne,
            int maxBatch) {
        this.name = name;
        this.type = type;
        this.features = features;
        this.transforms = transforms;
        this.rankOne = rankOne;
        int values = maxBatch * features.length;
        ByteBuffer bytes =
                type == OnnxJavaType.STRING
                        ? null
                        : ByteBuffer.allocateDirect(
                                        values
                                                * (type == OnnxJavaType.FLOAT
                                                        ? Float.BYTES
                                                        : Long.BYTES))
                                .order(ByteOrder.nativeOrder());
        this.buffer =
                switch (type) {
                    case FLOAT -> bytes.asFloatBuffer();
                    case DOUBLE -> bytes.asDoubleBuffer();
                    case INT64 -> bytes.asLongBuffer();
                    default -> null;
                };
        this.floats = type == OnnxJavaType.FLOAT ? new float[values] : null;
    }

    /**
     * @param available names of the features the rows carry, in index order
     * @param numeric how many of {@code available} (the first ones) have numeric values; the rest
     *     are text only
     * @throws ModelLoadException if the model has no such input, its type or shape does not fit the
     *     manifest, it reads a feature the rows do not carry, or a numeric input reads a text one
     */
    static InputBinding resolve(
            ModelInput input,
            NodeInfo node,
            List<String> available,
            int numeric,
            int maxBatch,
            String model)
            throws ModelLoadException {
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw new ModelLoadException(
                    "input '"
                            + input.name()
                            + "' of "
                            + model
                            + " is "
                            + node.getInfo()
                            + ", not a tensor");
        }
        OnnxJavaType type = info.type;
        if (type != OnnxJavaType.FLOAT
                && type != OnnxJavaType.DOUBLE
                && type != OnnxJavaType.INT64
                && type != OnnxJavaType.STRING) {
            throw new ModelLoadException(
                    "input '"
                            + input.name()
                            + "' of "
                            + model
                            + " has element type "
                            + type
                            + "; supported: float, double, int64, string");
        }
        long[] shape = info.getShape();
        int width = input.features().size();
        boolean rankOne = shape.length == 1;
        boolean fits =
                rankOne ? width == 1 : shape.length == 2 && (shape[1] == width || shape[1] < 0);
        if (!fits) {
            throw new ModelLoadException(
                    "input '"
                            + input.name()
                            + "' of "
                            + model
                            + " has shape "
                            + Arrays.toString(shape)
                            + " but the manifest lists "
                            + width
                            + " feature(s) for it");
        }
        int[] indexes = new int[width];
        FeatureTransform[] transforms = new FeatureTransform[width];
        for (int i = 0; i < width; i++) {
            FeatureInput feature = input.features().get(i);
            indexes[i] = available.indexOf(feature.name());
            if (indexes[i] < 0) {
                throw new ModelLoadException(
                        "the model reads feature '"
                                + feature.name()
                                + "' (input '"
                                + input.name()
                                + "'), which is not available; available features: "
                                + available);
            }
            if (indexes[i] >= numeric && type != OnnxJavaType.STRING) {
                throw new ModelLoadException(
                        "the model reads the text feature '"
                                + feature.name()
                                + "' into input '"
                                + input.name()
                                + "', which takes "
                                + type
                                + ": give the model a string input for it, or declare a one_hot"
                                + " feature of the field instead");
            }
            transforms[i] = feature.transform();
        }
        return new InputBinding(
                input.name(), type, indexes, transforms, rankOne, Math.max(1, maxBatch));
    }

    String name() {
        return name;
    }

    /** A tensor holding rows {@code [start, start + n)}; the caller closes it. */
    OnnxTensor tensor(FeatureRows rows, int start, int n) throws OrtException {
        long[] shape = rankOne ? new long[] {n} : new long[] {n, features.length};
        switch (type) {
            case FLOAT -> {
                // Filled in a heap array and copied into the direct buffer at once: a put per value
                // into the direct buffer (a bounds check and address computation each) was most of
                // the scorer's overhead over ONNX Runtime's own run.
                int i = 0;
                for (int r = start; r < start + n; r++) {
                    for (int c = 0; c < features.length; c++) {
                        floats[i++] = (float) transforms[c].apply(rows.number(r, features[c]));
                    }
                }
                FloatBuffer out = ((FloatBuffer) buffer.clear()).put(floats, 0, i);
                return OnnxTensor.createTensor(OnnxModel.environment(), out.flip(), shape);
            }
            case DOUBLE -> {
                DoubleBuffer out = (DoubleBuffer) buffer.clear();
                for (int r = start; r < start + n; r++) {
                    for (int c = 0; c < features.length; c++) {
                        out.put(transforms[c].apply(rows.number(r, features[c])));
                    }
                }
                return OnnxTensor.createTensor(OnnxModel.environment(), out.flip(), shape);
            }
            case INT64 -> {
                LongBuffer out = (LongBuffer) buffer.clear();
                for (int r = start; r < start + n; r++) {
                    for (int c = 0; c < features.length; c++) {
                        out.put(Math.round(transforms[c].apply(rows.number(r, features[c]))));
                    }
                }
                return OnnxTensor.createTensor(OnnxModel.environment(), out.flip(), shape);
            }
            default -> {
                String[] values = new String[n * features.length];
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < features.length; c++) {
                        String text = rows.text(start + r, features[c]);
                        // An absent value is the empty string: ONNX strings cannot be null.
                        values[r * features.length + c] = text == null ? "" : text;
                    }
                }
                return OnnxTensor.createTensor(OnnxModel.environment(), values, shape);
            }
        }
    }
}
