package io.vigil.modelops.explain;

import ai.onnx.proto.OnnxMl;
import io.vigil.modelops.onnx.ModelLoadException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trees of an ONNX-ML {@code TreeEnsembleClassifier} (one weight per leaf, two classes) or
 * {@code TreeEnsembleRegressor} (one target), read from the model's bytes, with each node's
 * training cover: what TreeSHAP walks. The score's link is the ensemble's margin: the base value
 * plus the sum of the leaves (before a {@code LOGISTIC} post-transform).
 *
 * <p>ONNX does not store covers; Vigil's XGBoost export writes them in the model's metadata under
 * {@value #COVERS} (one per node, in the operator's node order).
 */
public final class TreeEnsemble {

    /**
     * Deepest tree explained: TreeSHAP recurses once per level and keeps a path per level, so a
     * hostile graph (a chain of a million nodes, a node that is its own child) must not reach it.
     */
    static final int MAX_DEPTH = 64;

    /** Metadata key of the nodes' training covers, comma-separated, in node order. */
    public static final String COVERS = "vigil.tree.covers";

    /** One tree: node arrays indexed by local node index, root at 0. */
    record Tree(
            int[] feature,
            float[] threshold,
            boolean[] lessOrEqual,
            int[] yes,
            int[] no,
            boolean[] missingGoesYes,
            boolean[] leaf,
            double[] value,
            double[] cover) {}

    final List<Tree> trees;
    final double base;
    final int width;

    private TreeEnsemble(List<Tree> trees, double base, int width) {
        this.trees = trees;
        this.base = base;
        this.width = width;
    }

    /** The columns the ensemble reads (its input's width). */
    public int width() {
        return width;
    }

    /**
     * Reads the ensemble of {@code onnx}.
     *
     * @throws ModelLoadException naming what is missing: no tree ensemble, more than one class
     *     weight per leaf, or no covers
     */
    public static TreeEnsemble of(byte[] onnx, String id) throws ModelLoadException {
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(onnx);
        } catch (Exception e) {
            throw new ModelLoadException(id + " is not an ONNX model", e);
        }
        OnnxMl.NodeProto ensemble = null;
        for (OnnxMl.NodeProto node : model.getGraph().getNodeList()) {
            if (node.getOpType().startsWith("TreeEnsemble")) {
                if (ensemble != null) {
                    throw new ModelLoadException(id + " has more than one tree ensemble");
                }
                ensemble = node;
            }
        }
        if (ensemble == null) {
            throw new ModelLoadException(
                    id + " has no TreeEnsembleClassifier or TreeEnsembleRegressor to explain");
        }
        String covers = null;
        for (OnnxMl.StringStringEntryProto entry : model.getMetadataPropsList()) {
            if (COVERS.equals(entry.getKey())) {
                covers = entry.getValue();
            }
        }
        if (covers == null) {
            throw new ModelLoadException(
                    id
                            + " carries no node covers ("
                            + COVERS
                            + " metadata): path-dependent TreeSHAP needs them");
        }
        return read(attributes(ensemble), parseCovers(covers), id);
    }

    private static Map<String, OnnxMl.AttributeProto> attributes(OnnxMl.NodeProto node) {
        Map<String, OnnxMl.AttributeProto> byName = new HashMap<>();
        node.getAttributeList().forEach(a -> byName.put(a.getName(), a));
        return byName;
    }

    private static double[] parseCovers(String text) {
        String[] parts = text.split(",");
        double[] covers = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            covers[i] = Double.parseDouble(parts[i].trim());
        }
        return covers;
    }

    private static TreeEnsemble read(
            Map<String, OnnxMl.AttributeProto> a, double[] covers, String id)
            throws ModelLoadException {
        List<Long> treeIds = ints(a, "nodes_treeids");
        List<Long> nodeIds = ints(a, "nodes_nodeids");
        List<Long> features = ints(a, "nodes_featureids");
        List<Float> values = a.get("nodes_values").getFloatsList();
        List<String> modes =
                a.get("nodes_modes").getStringsList().stream().map(b -> b.toStringUtf8()).toList();
        List<Long> trueIds = ints(a, "nodes_truenodeids");
        List<Long> falseIds = ints(a, "nodes_falsenodeids");
        List<Long> missing =
                a.containsKey("nodes_missing_value_tracks_true")
                        ? ints(a, "nodes_missing_value_tracks_true")
                        : null;
        boolean classifier = a.containsKey("class_treeids");
        String prefix = classifier ? "class_" : "target_";
        List<Long> leafTrees = ints(a, prefix + "treeids");
        List<Long> leafNodes = ints(a, prefix + "nodeids");
        List<Long> leafClasses = ints(a, prefix + "ids");
        List<Float> leafWeights = a.get(prefix + "weights").getFloatsList();
        if (leafClasses.stream().distinct().count() > 1) {
            throw new ModelLoadException(
                    id + " has a weight per class per leaf: only one score per leaf is explained");
        }
        if (covers.length != treeIds.size()) {
            throw new ModelLoadException(
                    id + " has " + covers.length + " covers for " + treeIds.size() + " nodes");
        }
        // Local index of each (tree, node id).
        Map<Long, Map<Long, Integer>> local = new HashMap<>();
        Map<Long, Integer> sizes = new HashMap<>();
        for (int i = 0; i < treeIds.size(); i++) {
            int index = sizes.merge(treeIds.get(i), 1, Integer::sum) - 1;
            local.computeIfAbsent(treeIds.get(i), t -> new HashMap<>()).put(nodeIds.get(i), index);
        }
        Map<Long, Tree> trees = new HashMap<>();
        int width = 0;
        for (int i = 0; i < treeIds.size(); i++) {
            long t = treeIds.get(i);
            Tree tree =
                    trees.computeIfAbsent(
                            t,
                            k -> {
                                int n = sizes.get(k);
                                return new Tree(
                                        new int[n],
                                        new float[n],
                                        new boolean[n],
                                        new int[n],
                                        new int[n],
                                        new boolean[n],
                                        new boolean[n],
                                        new double[n],
                                        new double[n]);
                            });
            int j = local.get(t).get(nodeIds.get(i));
            String mode = modes.get(i);
            tree.cover()[j] = covers[i];
            if ("LEAF".equals(mode)) {
                tree.leaf()[j] = true;
                continue;
            }
            if (!"BRANCH_LT".equals(mode) && !"BRANCH_LEQ".equals(mode)) {
                throw new ModelLoadException(id + " has a " + mode + " node: not explained");
            }
            tree.feature()[j] = Math.toIntExact(features.get(i));
            width = Math.max(width, tree.feature()[j] + 1);
            tree.threshold()[j] = values.get(i);
            tree.lessOrEqual()[j] = "BRANCH_LEQ".equals(mode);
            tree.yes()[j] = local.get(t).get(trueIds.get(i));
            tree.no()[j] = local.get(t).get(falseIds.get(i));
            tree.missingGoesYes()[j] = missing != null && missing.get(i) == 1L;
        }
        for (int i = 0; i < leafTrees.size(); i++) {
            Tree tree = trees.get(leafTrees.get(i));
            tree.value()[local.get(leafTrees.get(i)).get(leafNodes.get(i))] += leafWeights.get(i);
        }
        double base =
                a.containsKey("base_values") && a.get("base_values").getFloatsCount() > 0
                        ? a.get("base_values").getFloats(0)
                        : 0;
        List<Tree> ordered = new ArrayList<>();
        for (long t : trees.keySet().stream().sorted().toList()) {
            requireTree(trees.get(t), id);
            ordered.add(trees.get(t));
        }
        return new TreeEnsemble(ordered, base, width);
    }

    /**
     * Requires a tree: every node reached once from the root (node 0), at most {@value #MAX_DEPTH}
     * levels deep, with positive covers on branches. Walked without recursion.
     */
    private static void requireTree(Tree tree, String id) throws ModelLoadException {
        int size = tree.leaf().length;
        boolean[] seen = new boolean[size];
        int[] nodes = new int[size];
        int[] depths = new int[size];
        int top = 0;
        nodes[top++] = 0;
        while (top > 0) {
            int node = nodes[--top];
            int depth = depths[top];
            if (seen[node] || depth > MAX_DEPTH) {
                throw notATree(id);
            }
            seen[node] = true;
            if (!tree.leaf()[node]) {
                if (!(tree.cover()[node] > 0)) {
                    throw new ModelLoadException(id + " has a branch without a positive cover");
                }
                for (int child : new int[] {tree.yes()[node], tree.no()[node]}) {
                    if (top == size) {
                        throw notATree(id);
                    }
                    depths[top] = depth + 1;
                    nodes[top++] = child;
                }
            }
        }
    }

    private static ModelLoadException notATree(String id) {
        return new ModelLoadException(
                id
                        + " has a tree that is not one (a node reached twice) or is deeper than "
                        + MAX_DEPTH
                        + " levels: not explained");
    }

    private static List<Long> ints(Map<String, OnnxMl.AttributeProto> a, String name) {
        OnnxMl.AttributeProto attribute = a.get(name);
        return attribute == null ? List.of() : attribute.getIntsList();
    }
}
