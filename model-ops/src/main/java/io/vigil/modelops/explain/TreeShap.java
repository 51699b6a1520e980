package io.vigil.modelops.explain;

import java.util.Arrays;

/**
 * Path-dependent TreeSHAP (Lundberg, Erion and Lee, "Consistent individualized feature attribution
 * for tree ensembles", algorithm 2): each feature's exact Shapley value for one row, in the
 * ensemble's margin, where a feature left out follows every branch in proportion to the training
 * cover. The values and {@link #expectedValue()} add up to the row's margin. Not thread-safe: the
 * path buffers are reused.
 */
final class TreeShap implements TreeAttribution {

    private final TreeEnsemble ensemble;
    private final double expected;
    // One path segment per depth level: element i of a path holds feature, zero and one
    // fractions and the permutation weight.
    private final int[] features;
    private final double[] zeros;
    private final double[] ones;
    private final double[] weights;
    private final int maxDepth;

    TreeShap(TreeEnsemble ensemble) {
        this.ensemble = ensemble;
        int depth = 0;
        double sum = ensemble.base;
        for (TreeEnsemble.Tree tree : ensemble.trees) {
            depth = Math.max(depth, depth(tree, 0));
            sum += expectation(tree, 0);
        }
        this.expected = sum;
        this.maxDepth = depth + 2;
        int size = maxDepth * (maxDepth + 1) / 2 + maxDepth + 1;
        features = new int[size];
        zeros = new double[size];
        ones = new double[size];
        weights = new double[size];
    }

    /** The mean margin over the training rows, as the covers weigh the leaves. */
    @Override
    public double expectedValue() {
        return expected;
    }

    @Override
    public void contributions(double[] x, double[] phi) {
        Arrays.fill(phi, 0);
        for (TreeEnsemble.Tree tree : ensemble.trees) {
            recurse(tree, x, phi, 0, 0, 0, 1, 1, -1);
        }
    }

    private void recurse(
            TreeEnsemble.Tree tree,
            double[] x,
            double[] phi,
            int node,
            int offset,
            int depth,
            double zero,
            double one,
            int feature) {
        // This level's path is a copy of the parent's (which ends at offset + depth - 1 at most),
        // extended by the split that led here.
        int path = offset + depth + 1;
        if (depth > 0) {
            System.arraycopy(features, offset, features, path, depth);
            System.arraycopy(zeros, offset, zeros, path, depth);
            System.arraycopy(ones, offset, ones, path, depth);
            System.arraycopy(weights, offset, weights, path, depth);
        }
        extend(path, depth, zero, one, feature);
        if (tree.leaf()[node]) {
            for (int i = 1; i <= depth; i++) {
                double w = unwoundSum(path, depth, i);
                phi[features[path + i]] +=
                        w * (ones[path + i] - zeros[path + i]) * tree.value()[node];
            }
            return;
        }
        int split = tree.feature()[node];
        int hot = tree.child(node, x[split]);
        int cold = hot == tree.yes()[node] ? tree.no()[node] : tree.yes()[node];
        double cover = tree.cover()[node];
        double hotZero = tree.cover()[hot] / cover;
        double coldZero = tree.cover()[cold] / cover;
        double incomingZero = 1;
        double incomingOne = 1;
        int at = 1;
        while (at <= depth && features[path + at] != split) {
            at++;
        }
        int nextDepth = depth;
        if (at <= depth) {
            incomingZero = zeros[path + at];
            incomingOne = ones[path + at];
            unwind(path, depth, at);
            nextDepth--;
        }
        recurse(tree, x, phi, hot, path, nextDepth + 1, hotZero * incomingZero, incomingOne, split);
        recurse(tree, x, phi, cold, path, nextDepth + 1, coldZero * incomingZero, 0, split);
    }

    private void extend(int path, int depth, double zero, double one, int feature) {
        features[path + depth] = feature;
        zeros[path + depth] = zero;
        ones[path + depth] = one;
        weights[path + depth] = depth == 0 ? 1 : 0;
        for (int i = depth - 1; i >= 0; i--) {
            weights[path + i + 1] += one * weights[path + i] * (i + 1) / (depth + 1);
            weights[path + i] = zero * weights[path + i] * (depth - i) / (depth + 1);
        }
    }

    private void unwind(int path, int depth, int index) {
        double one = ones[path + index];
        double zero = zeros[path + index];
        double next = weights[path + depth];
        for (int i = depth - 1; i >= 0; i--) {
            if (one != 0) {
                double tmp = weights[path + i];
                weights[path + i] = next * (depth + 1) / ((i + 1) * one);
                next = tmp - weights[path + i] * zero * (depth - i) / (depth + 1);
            } else {
                weights[path + i] = weights[path + i] * (depth + 1) / (zero * (depth - i));
            }
        }
        for (int i = index; i < depth; i++) {
            features[path + i] = features[path + i + 1];
            zeros[path + i] = zeros[path + i + 1];
            ones[path + i] = ones[path + i + 1];
        }
    }

    private double unwoundSum(int path, int depth, int index) {
        double one = ones[path + index];
        double zero = zeros[path + index];
        double next = weights[path + depth];
        double total = 0;
        for (int i = depth - 1; i >= 0; i--) {
            if (one != 0) {
                double tmp = next * (depth + 1) / ((i + 1) * one);
                total += tmp;
                next = weights[path + i] - tmp * zero * ((depth - i) / (double) (depth + 1));
            } else {
                total += (weights[path + i] / zero) / ((depth - i) / (double) (depth + 1));
            }
        }
        return total;
    }

    private static int depth(TreeEnsemble.Tree tree, int node) {
        return tree.leaf()[node]
                ? 0
                : 1 + Math.max(depth(tree, tree.yes()[node]), depth(tree, tree.no()[node]));
    }

    private static double expectation(TreeEnsemble.Tree tree, int node) {
        if (tree.leaf()[node]) {
            return tree.value()[node];
        }
        double cover = tree.cover()[node];
        return (tree.cover()[tree.yes()[node]] * expectation(tree, tree.yes()[node])
                        + tree.cover()[tree.no()[node]] * expectation(tree, tree.no()[node]))
                / cover;
    }
}
