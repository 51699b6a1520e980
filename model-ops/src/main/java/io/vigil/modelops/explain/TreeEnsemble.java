package io.vigil.modelops.explain;

import ai.onnx.proto.OnnxMl;
import io.vigil.modelops.onnx.ModelLoadException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trees of an ONNX-ML {@code TreeEnsembleClassifier} or {@code TreeEnsembleRegressor} (one
 * target), read from the model's bytes: what TreeSHAP walks. Of a classifier, the leaves' weights
 * for the scored class are kept (all of them when the leaves carry one weight, as a binary XGBoost
 * or LightGBM export does). The score's link is the ensemble's margin: the base value plus the sum
 * of the leaves, before a {@code LOGISTIC} post-transform (a {@code NONE} ensemble, such as a
 * scikit-learn forest, adds up probabilities themselves).
 *
 * <p>ONNX does not store the nodes' training covers, which path-dependent TreeSHAP needs; Vigil's
 * XGBoost export writes them in the model's metadata under {@value #COVERS} (one per node, in the
 * operator's node order). Other exports have none: see {@link #hasCovers()}.
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
            double[] cover) {

        /** The child of branch {@code node} that {@code value} of its feature goes to. */
        int child(int node, double value) {
            boolean yes;
            if (Double.isNaN(value)) {
                yes = missingGoesYes[node];
            } else {
                float v = (float) value; // ONNX Runtime compares in float
                yes = lessOrEqual[node] ? v <= threshold[node] : v < threshold[node];
            }
            return yes ? this.yes[node] : no[node];
        }

        /** The value of the leaf row {@code x} reaches. */
        double leafValue(double[] x) {
            int node = 0;
            while (!leaf[node]) {
                node = child(node, x[feature[node]]);
            }
            return value[node];
        }
    }

    final List<Tree> trees;
    final double base;
    final int width;
    private final boolean covered;
    private final boolean logistic;

    private TreeEnsemble(
            List<Tree> trees, double base, int width, boolean covered, boolean logistic) {
        this.trees = trees;
        this.base = base;
        this.width = width;
        this.covered = covered;
        this.logistic = logistic;
    }

    /**
     * Whether the model carries its nodes' training covers (path-dependent TreeSHAP needs them).
     */
    public boolean hasCovers() {
        return covered;
    }

    /** Whether a {@code LOGISTIC} post-transform turns the margin into the score. */
    public boolean logistic() {
        return logistic;
    }

    /** The margin of row {@code x}: the base value plus the leaf each tree sends it to. */
    double margin(double[] x) {
        double sum = base;
        for (Tree tree : trees) {
            sum += tree.leafValue(x);
        }
        return sum;
    }

    /** The columns the ensemble reads (its input's width). */
    public int width() {
        return width;
    }

    /**
     * Reads the ensemble of {@code onnx}, with the leaves' weights for {@code positiveClass} (a
     * class label, or a class index) of a classifier.
     *
     * @throws ModelLoadException naming what cannot be explained: no tree ensemble, a
     *     post-transform other than NONE or LOGISTIC, a class the classifier does not have, a node
     *     mode other than a branch or leaf, a graph that is not a tree
     */
    public static TreeEnsemble of(byte[] onnx, String id, String positiveClass)
            throws ModelLoadException {
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
        Map<String, OnnxMl.AttributeProto> attributes = attributes(ensemble);
        String transform =
                attributes.containsKey("post_transform")
                        ? attributes.get("post_transform").getS().toStringUtf8()
                        : "NONE";
        if (!"NONE".equals(transform) && !"LOGISTIC".equals(transform)) {
            throw new ModelLoadException(
                    id
                            + "'s trees end in a "
                            + transform
                            + " post-transform: only NONE and LOGISTIC ensembles are explained");
        }
        double[] nodeCovers = covers == null ? null : parseCovers(covers, id);
        int positive = classIndex(attributes, positiveClass, id);
        try {
            return read(attributes, nodeCovers, "LOGISTIC".equals(transform), positive, id);
        } catch (RuntimeException e) {
            // Attribute lists of different lengths, a child or leaf id that names no node, a
            // negative feature: a hostile or broken graph is refused, never walked.
            throw new ModelLoadException(id + " has a malformed tree ensemble", e);
        }
    }

    /** The index of the scored class among a classifier's labels; 0 for a regressor. */
    private static int classIndex(
            Map<String, OnnxMl.AttributeProto> a, String positiveClass, String id)
            throws ModelLoadException {
        List<String> labels = new ArrayList<>();
        if (a.containsKey("classlabels_strings")) {
            a.get("classlabels_strings")
                    .getStringsList()
                    .forEach(b -> labels.add(b.toStringUtf8()));
        } else if (a.containsKey("classlabels_int64s")) {
            a.get("classlabels_int64s").getIntsList().forEach(l -> labels.add(Long.toString(l)));
        } else {
            return 0;
        }
        int index = labels.indexOf(positiveClass);
        if (index >= 0) {
            return index;
        }
        try {
            index = Integer.parseInt(positiveClass);
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0 || index >= labels.size()) {
            throw new ModelLoadException(
                    id + "'s trees have no class " + positiveClass + " to explain");
        }
        return index;
    }

    private static Map<String, OnnxMl.AttributeProto> attributes(OnnxMl.NodeProto node) {
        Map<String, OnnxMl.AttributeProto> byName = new HashMap<>();
        node.getAttributeList().forEach(a -> byName.put(a.getName(), a));
        return byName;
    }

    private static double[] parseCovers(String text, String id) throws ModelLoadException {
        String[] parts = text.split(",");
        double[] covers = new double[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                covers[i] = Double.parseDouble(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new ModelLoadException(id + "'s " + COVERS + " metadata is not numbers", e);
        }
        return covers;
    }

    private static TreeEnsemble read(
            Map<String, OnnxMl.AttributeProto> a,
            double[] covers,
            boolean logistic,
            int positive,
            String id)
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
        // Leaves with one weight each hold the scored class's (binary exports); otherwise only
        // the scored class's weights add up to its score.
        boolean perClass = leafClasses.stream().distinct().count() > 1;
        if (covers != null && covers.length != treeIds.size()) {
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
            tree.cover()[j] = covers == null ? 0 : covers[i];
            if ("LEAF".equals(mode)) {
                tree.leaf()[j] = true;
                continue;
            }
            if (!"BRANCH_LT".equals(mode) && !"BRANCH_LEQ".equals(mode)) {
                throw new ModelLoadException(id + " has a " + mode + " node: not explained");
            }
            tree.feature()[j] = Math.toIntExact(features.get(i));
            if (tree.feature()[j] < 0) {
                throw new IllegalArgumentException("negative feature index");
            }
            width = Math.max(width, tree.feature()[j] + 1);
            tree.threshold()[j] = values.get(i);
            tree.lessOrEqual()[j] = "BRANCH_LEQ".equals(mode);
            tree.yes()[j] = local.get(t).get(trueIds.get(i));
            tree.no()[j] = local.get(t).get(falseIds.get(i));
            tree.missingGoesYes()[j] = missing != null && missing.get(i) == 1L;
        }
        for (int i = 0; i < leafTrees.size(); i++) {
            if (perClass && leafClasses.get(i) != positive) {
                continue;
            }
            Tree tree = trees.get(leafTrees.get(i));
            Map<Long, Integer> nodes = tree == null ? null : local.get(leafTrees.get(i));
            if (nodes == null || !nodes.containsKey(leafNodes.get(i))) {
                throw new ModelLoadException(id + " weighs a leaf that is not one of its nodes");
            }
            tree.value()[nodes.get(leafNodes.get(i))] += leafWeights.get(i);
        }
        List<Float> bases =
                a.containsKey("base_values") ? a.get("base_values").getFloatsList() : List.of();
        double base = bases.isEmpty() ? 0 : bases.get(perClass ? positive : 0);
        List<Tree> ordered = new ArrayList<>();
        for (long t : trees.keySet().stream().sorted().toList()) {
            requireTree(trees.get(t), covers != null, id);
            ordered.add(trees.get(t));
        }
        return new TreeEnsemble(ordered, base, width, covers != null, logistic);
    }

    /**
     * Requires a tree: every node reached once from the root (node 0), at most {@value #MAX_DEPTH}
     * levels deep, with positive covers on branches when it has covers. Walked without recursion.
     */
    private static void requireTree(Tree tree, boolean covered, String id)
            throws ModelLoadException {
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
                if (covered && !(tree.cover()[node] > 0)) {
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
