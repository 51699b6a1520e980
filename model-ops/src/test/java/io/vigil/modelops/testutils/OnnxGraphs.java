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

    /** Float tensor type {@code [N, width]}. */
    private static OnnxMl.TypeProto floatMatrix(int width) {
        return OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                        OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
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
