package io.vigil.modelops.explain;

import java.util.Arrays;

/**
 * Interventional TreeSHAP (Lundberg et al., "From local explanations to global understanding with
 * explainable AI for trees", Nature Machine Intelligence 2020): each feature's exact Shapley value
 * for one row, in the ensemble's margin, where a feature left out takes a background row's value.
 * Averaged over the background rows, the values and {@link #expectedValue()} (the background's mean
 * margin) add up to the row's margin. Needs no training covers, so it explains any export.
 *
 * <p>Against one background row {@code b}, a leaf is reached by the coalitions that take from the
 * row {@code x} every feature whose split sent {@code x} (not {@code b}) that way, and from {@code
 * b} every feature whose split sent {@code b} (not {@code x}) the other way. With {@code a}
 * features of the first kind and {@code c} of the second on the path, the leaf's value goes to each
 * of the first with weight {@code (a-1)! c! / (a+c)!} and is taken from each of the second with
 * weight {@code a! (c-1)! / (a+c)!}. Each node is visited at most once per background row, so a row
 * costs at most the ensemble's size times the background's. Not thread-safe: the path buffers are
 * reused.
 */
final class InterventionalTreeShap implements TreeAttribution {

    private static final byte FREE = 0;
    private static final byte FROM_ROW = 1;
    private static final byte FROM_BACKGROUND = 2;

    private final TreeEnsemble ensemble;
    private final double[][] background;
    private final double expected;
    private final double[][] rowWeight;
    private final double[][] backgroundWeight;
    // The features whose split parted the row from the background row on the current path.
    private final int[] pathFeatures;
    private final byte[] side;

    /**
     * @param background rows in the ensemble's columns, at least one
     */
    InterventionalTreeShap(TreeEnsemble ensemble, double[][] background) {
        this.ensemble = ensemble;
        this.background = background;
        double sum = 0;
        for (double[] b : background) {
            sum += ensemble.margin(b);
        }
        expected = sum / background.length;
        int n = TreeEnsemble.MAX_DEPTH + 1;
        double[] factorial = new double[2 * n + 1];
        factorial[0] = 1;
        for (int i = 1; i < factorial.length; i++) {
            factorial[i] = factorial[i - 1] * i;
        }
        rowWeight = new double[n + 1][n + 1];
        backgroundWeight = new double[n + 1][n + 1];
        for (int a = 0; a <= n; a++) {
            for (int c = 0; c <= n; c++) {
                if (a > 0) {
                    rowWeight[a][c] = factorial[a - 1] * factorial[c] / factorial[a + c];
                }
                if (c > 0) {
                    backgroundWeight[a][c] = factorial[a] * factorial[c - 1] / factorial[a + c];
                }
            }
        }
        pathFeatures = new int[n];
        side = new byte[Math.max(1, ensemble.width())];
    }

    /** The background rows, in the ensemble's columns. */
    double[][] background() {
        return background;
    }

    /** The mean margin of the background rows. */
    @Override
    public double expectedValue() {
        return expected;
    }

    @Override
    public void contributions(double[] x, double[] phi) {
        Arrays.fill(phi, 0);
        for (double[] b : background) {
            for (TreeEnsemble.Tree tree : ensemble.trees) {
                walk(tree, 0, x, b, phi, 0, 0);
            }
        }
        for (int f = 0; f < phi.length; f++) {
            phi[f] /= background.length;
        }
    }

    /**
     * Follows the paths of {@code x} and {@code b} from {@code node}; {@code fromRow} and {@code
     * fromBackground} count the features on the path so far that parted them.
     */
    private void walk(
            TreeEnsemble.Tree tree,
            int node,
            double[] x,
            double[] b,
            double[] phi,
            int fromRow,
            int fromBackground) {
        if (tree.leaf()[node]) {
            double value = tree.value()[node];
            for (int i = 0; i < fromRow + fromBackground; i++) {
                int f = pathFeatures[i];
                if (side[f] == FROM_ROW) {
                    phi[f] += value * rowWeight[fromRow][fromBackground];
                } else {
                    phi[f] -= value * backgroundWeight[fromRow][fromBackground];
                }
            }
            return;
        }
        int f = tree.feature()[node];
        int rowChild = tree.child(node, x[f]);
        if (side[f] == FROM_ROW) {
            walk(tree, rowChild, x, b, phi, fromRow, fromBackground);
            return;
        }
        int backgroundChild = tree.child(node, b[f]);
        if (side[f] == FROM_BACKGROUND || rowChild == backgroundChild) {
            walk(tree, backgroundChild, x, b, phi, fromRow, fromBackground);
            return;
        }
        pathFeatures[fromRow + fromBackground] = f;
        side[f] = FROM_ROW;
        walk(tree, rowChild, x, b, phi, fromRow + 1, fromBackground);
        side[f] = FROM_BACKGROUND;
        walk(tree, backgroundChild, x, b, phi, fromRow, fromBackground + 1);
        side[f] = FREE;
    }
}
