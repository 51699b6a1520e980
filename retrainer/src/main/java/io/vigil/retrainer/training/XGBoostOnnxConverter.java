package io.vigil.retrainer.training;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.vigil.modelops.explain.TreeEnsemble;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Converts a binary-logistic XGBoost model, given as its JSON tree dump ({@code getModelDump(null,
 * true, "json")}: with statistics, each node's cover is kept in the model's metadata for TreeSHAP,
 * see {@link TreeEnsemble#COVERS}), to an ONNX-ML {@code TreeEnsembleClassifier}: input {@value
 * #INPUT} float {@code [N, F]} (feature {@code fK} of the dump is column K), outputs {@value
 * #LABEL} int64 {@code [N]} and {@value #PROBABILITIES} float {@code [N, 2]} (column 1: positive
 * class).
 *
 * <p>Semantics kept: a branch goes to "yes" when {@code x < split_condition} ({@code BRANCH_LT}),
 * missing values follow the dump's "missing" child; the margin is the base margin plus the sum of
 * the leaves, through the logistic function. Two classes are expressed with one weight per leaf and
 * a single base value (two base values make ONNX Runtime swap the classes).
 */
public final class XGBoostOnnxConverter {

    public static final String INPUT = "input";
    public static final String LABEL = "label";
    public static final String PROBABILITIES = "probabilities";

    private static final ObjectMapper JSON = new ObjectMapper();

    private XGBoostOnnxConverter() {}

    /**
     * @param trees the JSON dump, one tree per entry
     * @param features number of input columns
     * @param baseMargin the model's base margin (logit of its base score; 0 for base score 0.5)
     */
    public static byte[] convert(String[] trees, int features, float baseMargin)
            throws IOException {
        Nodes nodes = new Nodes();
        for (int tree = 0; tree < trees.length; tree++) {
            nodes.add(tree, JSON.readTree(trees[tree]));
        }
        NodeProto ensemble =
                NodeProto.newBuilder()
                        .setOpType("TreeEnsembleClassifier")
                        .setDomain("ai.onnx.ml")
                        .setName("xgboost")
                        .addInput(INPUT)
                        .addOutput(LABEL)
                        .addOutput(PROBABILITIES)
                        .addAttribute(ints("nodes_treeids", nodes.treeIds))
                        .addAttribute(ints("nodes_nodeids", nodes.nodeIds))
                        .addAttribute(ints("nodes_featureids", nodes.featureIds))
                        .addAttribute(floats("nodes_values", nodes.values))
                        .addAttribute(strings("nodes_modes", nodes.modes))
                        .addAttribute(ints("nodes_truenodeids", nodes.trueIds))
                        .addAttribute(ints("nodes_falsenodeids", nodes.falseIds))
                        .addAttribute(
                                ints("nodes_missing_value_tracks_true", nodes.missingTracksTrue))
                        .addAttribute(ints("class_treeids", nodes.leafTreeIds))
                        .addAttribute(ints("class_nodeids", nodes.leafNodeIds))
                        .addAttribute(
                                ints("class_ids", nodes.leafTreeIds.stream().map(t -> 0L).toList()))
                        .addAttribute(floats("class_weights", nodes.leafWeights))
                        .addAttribute(ints("classlabels_int64s", List.of(0L, 1L)))
                        .addAttribute(floats("base_values", List.of(baseMargin)))
                        .addAttribute(
                                AttributeProto.newBuilder()
                                        .setName("post_transform")
                                        .setType(AttributeType.STRING)
                                        .setS(
                                                ByteString.copyFrom(
                                                        "LOGISTIC", StandardCharsets.UTF_8)))
                        .build();
        GraphProto graph =
                GraphProto.newBuilder()
                        .setName("vigil-xgboost")
                        .addNode(ensemble)
                        .addInput(tensor(INPUT, TensorProto.DataType.FLOAT, features))
                        .addOutput(tensor(LABEL, TensorProto.DataType.INT64, -1))
                        .addOutput(tensor(PROBABILITIES, TensorProto.DataType.FLOAT, 2))
                        .build();
        ModelProto.Builder model = ModelProto.newBuilder();
        if (nodes.covers.size() == nodes.nodeIds.size()) {
            model.addMetadataProps(
                    StringStringEntryProto.newBuilder()
                            .setKey(TreeEnsemble.COVERS)
                            .setValue(
                                    nodes.covers.stream()
                                            .map(String::valueOf)
                                            .collect(Collectors.joining(","))));
        }
        return model.setIrVersion(8)
                .setProducerName("vigil")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .addOpsetImport(
                        OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(1))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    /** Every node of every tree, as the operator's parallel attribute lists. */
    private static final class Nodes {
        final List<Long> treeIds = new ArrayList<>();
        final List<Long> nodeIds = new ArrayList<>();
        final List<Long> featureIds = new ArrayList<>();
        final List<Float> values = new ArrayList<>();
        final List<String> modes = new ArrayList<>();
        final List<Long> trueIds = new ArrayList<>();
        final List<Long> falseIds = new ArrayList<>();
        final List<Long> missingTracksTrue = new ArrayList<>();
        final List<Long> leafTreeIds = new ArrayList<>();
        final List<Long> leafNodeIds = new ArrayList<>();
        final List<Float> leafWeights = new ArrayList<>();

        /** Training cover of each node, when the dump has statistics. */
        final List<Double> covers = new ArrayList<>();

        void add(long tree, JsonNode node) {
            long id = node.get("nodeid").asLong();
            if (node.has("cover")) {
                covers.add(node.get("cover").asDouble());
            }
            treeIds.add(tree);
            nodeIds.add(id);
            if (node.has("leaf")) {
                featureIds.add(0L);
                values.add(0f);
                modes.add("LEAF");
                trueIds.add(0L);
                falseIds.add(0L);
                missingTracksTrue.add(0L);
                leafTreeIds.add(tree);
                leafNodeIds.add(id);
                leafWeights.add((float) node.get("leaf").asDouble());
                return;
            }
            String split = node.get("split").asText();
            if (!split.startsWith("f")) {
                throw new IllegalArgumentException(
                        "split on '"
                                + split
                                + "': dump the model without a feature map (features f0, f1, ...)");
            }
            featureIds.add(Long.parseLong(split.substring(1)));
            values.add((float) node.get("split_condition").asDouble());
            modes.add("BRANCH_LT");
            long yes = node.get("yes").asLong();
            trueIds.add(yes);
            falseIds.add(node.get("no").asLong());
            missingTracksTrue.add(node.get("missing").asLong() == yes ? 1L : 0L);
            for (JsonNode child : node.get("children")) {
                add(tree, child);
            }
        }
    }

    private static AttributeProto ints(String name, List<Long> values) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeType.INTS)
                .addAllInts(values)
                .build();
    }

    private static AttributeProto floats(String name, List<Float> values) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeType.FLOATS)
                .addAllFloats(values)
                .build();
    }

    private static AttributeProto strings(String name, List<String> values) {
        AttributeProto.Builder attribute =
                AttributeProto.newBuilder().setName(name).setType(AttributeType.STRINGS);
        values.forEach(v -> attribute.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8)));
        return attribute.build();
    }

    /** A tensor value of [N] (columns < 0) or [N, columns]. */
    private static ValueInfoProto tensor(String name, TensorProto.DataType type, int columns) {
        TensorShapeProto.Builder shape =
                TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        if (columns >= 0) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(columns));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(
                        TypeProto.newBuilder()
                                .setTensorType(
                                        TypeProto.Tensor.newBuilder()
                                                .setElemType(type.getNumber())
                                                .setShape(shape)))
                .build();
    }
}
