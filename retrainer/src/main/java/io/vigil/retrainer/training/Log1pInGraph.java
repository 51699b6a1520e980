package io.vigil.retrainer.training;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Moves {@link io.vigil.modelops.manifest.FeatureTransform#LOG1P}, {@code log(1 + max(0, x))}, of
 * every input column into the ONNX graph itself ({@code Relu}, {@code Add} one, {@code Log}, before
 * the model's first node), so the scorer hands raw features over and ONNX Runtime transforms a
 * whole batch at once: far cheaper than one {@code Math.log1p} per value in Java.
 */
final class Log1pInGraph {

    private static final String ONE = "vigil_one";
    private static final String CLAMPED = "vigil_input_at_least_zero";
    private static final String SHIFTED = "vigil_input_plus_one";
    private static final String LOGGED = "vigil_log1p_input";

    private Log1pInGraph() {}

    /**
     * {@code onnx} with {@code input} transformed by log1p on the way in; the input keeps its name
     * and shape.
     */
    static byte[] apply(byte[] onnx, String input) throws InvalidProtocolBufferException {
        ModelProto model = ModelProto.parseFrom(onnx);
        GraphProto graph = model.getGraph();
        GraphProto.Builder rewritten =
                graph.toBuilder()
                        .clearNode()
                        .addInitializer(
                                TensorProto.newBuilder()
                                        .setName(ONE)
                                        .setDataType(TensorProto.DataType.FLOAT.getNumber())
                                        .addFloatData(1f))
                        .addNode(
                                NodeProto.newBuilder()
                                        .setOpType("Relu")
                                        .setName("vigil_clamp")
                                        .addInput(input)
                                        .addOutput(CLAMPED))
                        .addNode(
                                NodeProto.newBuilder()
                                        .setOpType("Add")
                                        .setName("vigil_add_one")
                                        .addInput(CLAMPED)
                                        .addInput(ONE)
                                        .addOutput(SHIFTED))
                        .addNode(
                                NodeProto.newBuilder()
                                        .setOpType("Log")
                                        .setName("vigil_log")
                                        .addInput(SHIFTED)
                                        .addOutput(LOGGED));
        for (NodeProto node : graph.getNodeList()) {
            NodeProto.Builder copy = node.toBuilder().clearInput();
            for (String name : node.getInputList()) {
                copy.addInput(name.equals(input) ? LOGGED : name);
            }
            rewritten.addNode(copy);
        }
        return model.toBuilder().setGraph(rewritten).build().toByteArray();
    }
}
