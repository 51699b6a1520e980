package io.vigil.modelops.testutils;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.util.SplittableRandom;

/**
 * Random ONNX-ML {@code TreeEnsembleRegressor}s: complete trees of random splits (features used
 * more than once on a path, both comparison modes, missing values sent either way) and random leaf
 * values, float {@code [N,width]} in, {@code variable} float {@code [N,1]} out. No covers.
 */
public final class RandomTrees {

    private RandomTrees() {}

    /** {@code trees} trees of {@code depth} levels of splits over {@code width} columns. */
    public static byte[] regressor(int width, int trees, int depth, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        OnnxMl.AttributeProto.Builder treeIds = ints("nodes_treeids");
        OnnxMl.AttributeProto.Builder nodeIds = ints("nodes_nodeids");
        OnnxMl.AttributeProto.Builder features = ints("nodes_featureids");
        OnnxMl.AttributeProto.Builder values = floats("nodes_values");
        OnnxMl.AttributeProto.Builder modes = strings("nodes_modes");
        OnnxMl.AttributeProto.Builder yes = ints("nodes_truenodeids");
        OnnxMl.AttributeProto.Builder no = ints("nodes_falsenodeids");
        OnnxMl.AttributeProto.Builder missing = ints("nodes_missing_value_tracks_true");
        OnnxMl.AttributeProto.Builder leafTrees = ints("target_treeids");
        OnnxMl.AttributeProto.Builder leafNodes = ints("target_nodeids");
        OnnxMl.AttributeProto.Builder leafTargets = ints("target_ids");
        OnnxMl.AttributeProto.Builder weights = floats("target_weights");
        int branches = (1 << depth) - 1;
        int nodes = (1 << (depth + 1)) - 1;
        for (int t = 0; t < trees; t++) {
            for (int n = 0; n < nodes; n++) {
                treeIds.addInts(t);
                nodeIds.addInts(n);
                boolean branch = n < branches;
                features.addInts(branch ? random.nextInt(width) : 0);
                values.addFloats(branch ? (float) (random.nextDouble() * 2 - 1) : 0f);
                modes.addStrings(
                        ByteString.copyFromUtf8(
                                !branch
                                        ? "LEAF"
                                        : random.nextBoolean() ? "BRANCH_LEQ" : "BRANCH_LT"));
                yes.addInts(branch ? 2 * n + 1 : 0);
                no.addInts(branch ? 2 * n + 2 : 0);
                missing.addInts(branch && random.nextBoolean() ? 1 : 0);
                if (!branch) {
                    leafTrees.addInts(t);
                    leafNodes.addInts(n);
                    leafTargets.addInts(0);
                    weights.addFloats((float) random.nextGaussian());
                }
            }
        }
        OnnxMl.NodeProto ensemble =
                OnnxMl.NodeProto.newBuilder()
                        .setOpType("TreeEnsembleRegressor")
                        .setDomain("ai.onnx.ml")
                        .addInput("input")
                        .addOutput("variable")
                        .addAttribute(treeIds)
                        .addAttribute(nodeIds)
                        .addAttribute(features)
                        .addAttribute(values)
                        .addAttribute(modes)
                        .addAttribute(yes)
                        .addAttribute(no)
                        .addAttribute(missing)
                        .addAttribute(leafTrees)
                        .addAttribute(leafNodes)
                        .addAttribute(leafTargets)
                        .addAttribute(weights)
                        .addAttribute(
                                OnnxMl.AttributeProto.newBuilder()
                                        .setName("n_targets")
                                        .setType(OnnxMl.AttributeProto.AttributeType.INT)
                                        .setI(1))
                        .addAttribute(
                                OnnxMl.AttributeProto.newBuilder()
                                        .setName("post_transform")
                                        .setType(OnnxMl.AttributeProto.AttributeType.STRING)
                                        .setS(ByteString.copyFromUtf8("NONE")))
                        .build();
        OnnxMl.GraphProto graph =
                OnnxMl.GraphProto.newBuilder()
                        .setName("random-trees")
                        .addNode(ensemble)
                        .addInput(
                                OnnxMl.ValueInfoProto.newBuilder()
                                        .setName("input")
                                        .setType(OnnxGraphs.floatMatrix(width)))
                        .addOutput(
                                OnnxMl.ValueInfoProto.newBuilder()
                                        .setName("variable")
                                        .setType(OnnxGraphs.floatMatrix(1)))
                        .build();
        return OnnxGraphs.mlModel(graph);
    }

    private static OnnxMl.AttributeProto.Builder ints(String name) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
    }

    private static OnnxMl.AttributeProto.Builder floats(String name) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.FLOATS);
    }

    private static OnnxMl.AttributeProto.Builder strings(String name) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.STRINGS);
    }
}
