package io.vigil.modelops.testutils;

import ai.onnx.proto.OnnxMl;

/** Tiny ONNX models written in code, for the shapes of trouble real exports can have. */
public final class OnnxGraphs {

    private OnnxGraphs() {}

    /** {@code output = input / input}: float {@code [N,width]} in, same out; 0/0 gives NaN. */
    public static byte[] dividesInputByItself(int width) {
        OnnxMl.TypeProto type = floatMatrix(width);
        OnnxMl.GraphProto graph =
                OnnxMl.GraphProto.newBuilder()
                        .setName("nan")
                        .addNode(
                                OnnxMl.NodeProto.newBuilder()
                                        .setOpType("Div")
                                        .addInput("input")
                                        .addInput("input")
                                        .addOutput("output"))
                        .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("input").setType(type))
                        .addOutput(
                                OnnxMl.ValueInfoProto.newBuilder().setName("output").setType(type))
                        .build();
        return model(graph);
    }

    /**
     * {@code output = sqrt(input)}: float {@code [N,width]} in, same out. Finite for the
     * non-negative rows of a warm-up, NaN for a negative input: a model that fails only on live
     * data.
     */
    public static byte[] squareRootOfInput(int width) {
        OnnxMl.TypeProto type = floatMatrix(width);
        OnnxMl.GraphProto graph =
                OnnxMl.GraphProto.newBuilder()
                        .setName("sqrt")
                        .addNode(
                                OnnxMl.NodeProto.newBuilder()
                                        .setOpType("Sqrt")
                                        .addInput("input")
                                        .addOutput("output"))
                        .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("input").setType(type))
                        .addOutput(
                                OnnxMl.ValueInfoProto.newBuilder().setName("output").setType(type))
                        .build();
        return model(graph);
    }

    /**
     * {@code output = reshape(input, [1, width])}: declares a dynamic batch but works for one row
     * only; a batch of several rows fails at run time.
     */
    public static byte[] worksForOneRowOnly(int width) {
        OnnxMl.TypeProto type = floatMatrix(width);
        OnnxMl.TensorProto shape =
                OnnxMl.TensorProto.newBuilder()
                        .setName("shape")
                        .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                        .addDims(2)
                        .addInt64Data(1)
                        .addInt64Data(width)
                        .build();
        OnnxMl.GraphProto graph =
                OnnxMl.GraphProto.newBuilder()
                        .setName("one-row")
                        .addInitializer(shape)
                        .addNode(node("Reshape", "input", "shape", "output"))
                        .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("input").setType(type))
                        .addOutput(
                                OnnxMl.ValueInfoProto.newBuilder().setName("output").setType(type))
                        .build();
        return model(graph);
    }

    /** A model whose only weight lives in an external data file, which a registry never ships. */
    public static byte[] withExternalData(int width) {
        OnnxMl.TypeProto type = floatMatrix(width);
        OnnxMl.TensorProto weight =
                OnnxMl.TensorProto.newBuilder()
                        .setName("w")
                        .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .addDims(width)
                        .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(
                                OnnxMl.StringStringEntryProto.newBuilder()
                                        .setKey("location")
                                        .setValue("weights.bin"))
                        .build();
        OnnxMl.GraphProto graph =
                OnnxMl.GraphProto.newBuilder()
                        .setName("external")
                        .addInitializer(weight)
                        .addNode(
                                OnnxMl.NodeProto.newBuilder()
                                        .setOpType("Mul")
                                        .addInput("input")
                                        .addInput("w")
                                        .addOutput("output"))
                        .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("input").setType(type))
                        .addOutput(
                                OnnxMl.ValueInfoProto.newBuilder().setName("output").setType(type))
                        .build();
        return model(graph);
    }

    /**
     * {@code output = input x ones}: float {@code [N,width]} in, {@code [N,1]} out, the sum of each
     * row: a decision function (a margin, not a probability).
     */
    public static byte[] sumsItsInputs(int width) {
        OnnxMl.TensorProto.Builder ones =
                OnnxMl.TensorProto.newBuilder()
                        .setName("ones")
                        .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .addDims(width)
                        .addDims(1);
        for (int i = 0; i < width; i++) {
            ones.addFloatData(1f);
        }
        OnnxMl.GraphProto graph =
                OnnxMl.GraphProto.newBuilder()
                        .setName("margin")
                        .addInitializer(ones)
                        .addNode(
                                OnnxMl.NodeProto.newBuilder()
                                        .setOpType("MatMul")
                                        .addInput("input")
                                        .addInput("ones")
                                        .addOutput("output"))
                        .addInput(
                                OnnxMl.ValueInfoProto.newBuilder()
                                        .setName("input")
                                        .setType(floatMatrix(width)))
                        .addOutput(
                                OnnxMl.ValueInfoProto.newBuilder()
                                        .setName("output")
                                        .setType(floatMatrix(1)))
                        .build();
        return model(graph);
    }

    /**
     * A scorecard over three inputs of three element types, as teams export them: {@code category}
     * string {@code [N,1]}, {@code amount} float {@code [N,1]}, {@code count} int64 {@code [N,1]};
     * {@code probability = sigmoid(risk[category] + amountWeight * amount + countWeight * count)},
     * {@code [N,1]}, where an unknown category's risk is 0.
     */
    public static byte[] categoricalScorecard(
            java.util.Map<String, Float> risk, float amountWeight, float countWeight) {
        OnnxMl.NodeProto.Builder encoder =
                OnnxMl.NodeProto.newBuilder()
                        .setOpType("LabelEncoder")
                        .setDomain("ai.onnx.ml")
                        .addInput("category")
                        .addOutput("risk");
        OnnxMl.AttributeProto.Builder keys =
                OnnxMl.AttributeProto.newBuilder()
                        .setName("keys_strings")
                        .setType(OnnxMl.AttributeProto.AttributeType.STRINGS);
        OnnxMl.AttributeProto.Builder values =
                OnnxMl.AttributeProto.newBuilder()
                        .setName("values_floats")
                        .setType(OnnxMl.AttributeProto.AttributeType.FLOATS);
        risk.forEach(
                (category, value) -> {
                    keys.addStrings(com.google.protobuf.ByteString.copyFromUtf8(category));
                    values.addFloats(value);
                });
        encoder.addAttribute(keys)
                .addAttribute(values)
                .addAttribute(
                        OnnxMl.AttributeProto.newBuilder()
                                .setName("default_float")
                                .setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                                .setF(0f));
        OnnxMl.GraphProto graph =
                OnnxMl.GraphProto.newBuilder()
                        .setName("scorecard")
                        .addInitializer(scalar("amount_weight", amountWeight))
                        .addInitializer(scalar("count_weight", countWeight))
                        .addNode(encoder)
                        .addNode(
                                OnnxMl.NodeProto.newBuilder()
                                        .setOpType("Cast")
                                        .addInput("count")
                                        .addOutput("count_float")
                                        .addAttribute(
                                                OnnxMl.AttributeProto.newBuilder()
                                                        .setName("to")
                                                        .setType(
                                                                OnnxMl.AttributeProto.AttributeType
                                                                        .INT)
                                                        .setI(
                                                                OnnxMl.TensorProto.DataType.FLOAT
                                                                        .getNumber())))
                        .addNode(node("Mul", "amount", "amount_weight", "amount_term"))
                        .addNode(node("Mul", "count_float", "count_weight", "count_term"))
                        .addNode(node("Add", "risk", "amount_term", "partial"))
                        .addNode(node("Add", "partial", "count_term", "logit"))
                        .addNode(
                                OnnxMl.NodeProto.newBuilder()
                                        .setOpType("Sigmoid")
                                        .addInput("logit")
                                        .addOutput("probability"))
                        .addInput(input("category", OnnxMl.TensorProto.DataType.STRING))
                        .addInput(input("amount", OnnxMl.TensorProto.DataType.FLOAT))
                        .addInput(input("count", OnnxMl.TensorProto.DataType.INT64))
                        .addOutput(
                                OnnxMl.ValueInfoProto.newBuilder()
                                        .setName("probability")
                                        .setType(floatMatrix(1)))
                        .build();
        return mlModel(graph);
    }

    /** A model of {@code graph} that may use ONNX-ML operators (opset 13, ai.onnx.ml 2). */
    static byte[] mlModel(OnnxMl.GraphProto graph) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder()
                                .setDomain("ai.onnx.ml")
                                .setVersion(2))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    /**
     * Logistic regression: {@code probability = sigmoid(input x weights + bias)}, float {@code
     * [N,weights.length]} in, {@code [N,1]} out.
     */
    public static byte[] logistic(float[] weights, float bias) {
        return model(probabilityOf("logistic", weights, bias, false, null));
    }

    /**
     * Logistic regression over its inputs clipped at {@code max}: {@code probability =
     * sigmoid(min(input, max) x weights + bias)}, additive in its log-odds but affine in an input
     * only below {@code max}.
     */
    public static byte[] clippedLogistic(float[] weights, float bias, float max) {
        return model(probabilityOf("clipped-logistic", weights, bias, false, max));
    }

    /**
     * Logistic regression over {@code log1p(max(0, input))}, computed in the graph as Vigil's
     * trainers export it: {@code probability = sigmoid(log(1 + relu(input)) x weights + bias)}.
     */
    public static byte[] logisticOfLog1p(float[] weights, float bias) {
        OnnxMl.GraphProto logistic = probabilityOf("log1p-logistic", weights, bias, false, null);
        OnnxMl.GraphProto.Builder graph = logistic.toBuilder().clearNode();
        graph.addInitializer(scalar("one", 1f))
                .addNode(
                        OnnxMl.NodeProto.newBuilder()
                                .setOpType("Relu")
                                .addInput("input")
                                .addOutput("at_least_zero"))
                .addNode(node("Add", "at_least_zero", "one", "plus_one"))
                .addNode(
                        OnnxMl.NodeProto.newBuilder()
                                .setOpType("Log")
                                .addInput("plus_one")
                                .addOutput("logged"));
        for (OnnxMl.NodeProto node : logistic.getNodeList()) {
            graph.addNode(
                    node.getOpType().equals("MatMul")
                            ? node("MatMul", "logged", "weights", "margin")
                            : node);
        }
        return model(graph.build());
    }

    /**
     * Not additive in its log-odds (the features interact): {@code probability = sigmoid((input x
     * weights)^2 + bias)}, float {@code [N,weights.length]} in, {@code [N,1]} out.
     */
    public static byte[] squaredMargin(float[] weights, float bias) {
        return model(probabilityOf("squared-margin", weights, bias, true, null));
    }

    private static OnnxMl.GraphProto probabilityOf(
            String name, float[] weights, float bias, boolean squared, Float clip) {
        OnnxMl.TensorProto.Builder w =
                OnnxMl.TensorProto.newBuilder()
                        .setName("weights")
                        .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .addDims(weights.length)
                        .addDims(1);
        for (float weight : weights) {
            w.addFloatData(weight);
        }
        OnnxMl.GraphProto.Builder graph =
                OnnxMl.GraphProto.newBuilder()
                        .setName(name)
                        .addInitializer(w)
                        .addInitializer(scalar("bias", bias));
        if (clip != null) {
            graph.addInitializer(scalar("clip", clip))
                    .addNode(node("Min", "input", "clip", "clipped"));
        }
        graph.addNode(node("MatMul", clip != null ? "clipped" : "input", "weights", "margin"));
        if (squared) {
            graph.addNode(node("Mul", "margin", "margin", "squared"));
        }
        return graph.addNode(node("Add", squared ? "squared" : "margin", "bias", "logit"))
                .addNode(
                        OnnxMl.NodeProto.newBuilder()
                                .setOpType("Sigmoid")
                                .addInput("logit")
                                .addOutput("output"))
                .addInput(
                        OnnxMl.ValueInfoProto.newBuilder()
                                .setName("input")
                                .setType(floatMatrix(weights.length)))
                .addOutput(
                        OnnxMl.ValueInfoProto.newBuilder()
                                .setName("output")
                                .setType(floatMatrix(1)))
                .build();
    }

    private static OnnxMl.NodeProto node(String op, String a, String b, String out) {
        return OnnxMl.NodeProto.newBuilder()
                .setOpType(op)
                .addInput(a)
                .addInput(b)
                .addOutput(out)
                .build();
    }

    private static OnnxMl.TensorProto scalar(String name, float value) {
        return OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .addFloatData(value)
                .build();
    }

    private static OnnxMl.ValueInfoProto input(String name, OnnxMl.TensorProto.DataType type) {
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(matrix(type, 1)).build();
    }

    /** Float tensor type {@code [N, width]}. */
    static OnnxMl.TypeProto floatMatrix(int width) {
        return matrix(OnnxMl.TensorProto.DataType.FLOAT, width);
    }

    /** Tensor type {@code [N, width]} of {@code type}. */
    private static OnnxMl.TypeProto matrix(OnnxMl.TensorProto.DataType type, int width) {
        return OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                        OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(type.getNumber())
                                .setShape(
                                        OnnxMl.TensorShapeProto.newBuilder()
                                                .addDim(
                                                        OnnxMl.TensorShapeProto.Dimension
                                                                .newBuilder()
                                                                .setDimParam("N"))
                                                .addDim(
                                                        OnnxMl.TensorShapeProto.Dimension
                                                                .newBuilder()
                                                                .setDimValue(width))))
                .build();
    }

    private static byte[] model(OnnxMl.GraphProto graph) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph)
                .build()
                .toByteArray();
    }
}
