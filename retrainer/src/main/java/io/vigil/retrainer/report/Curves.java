package io.vigil.retrainer.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The curves of a model report, from held-out scores and labels: ROC (false positive rate, true
 * positive rate), precision-recall, calibration (mean score against observed positive rate per
 * score decile) and score histograms by label.
 */
final class Curves {

    /** A point of a curve. */
    record Point(double x, double y) {}

    private Curves() {}

    /** ROC points, from (0, 0) to (1, 1), one per distinct score, highest score first. */
    static List<Point> roc(ModelEvaluation e) {
        List<Point> points = new ArrayList<>();
        long positives = e.positiveCount();
        long negatives = e.scores().length - positives;
        points.add(new Point(0, 0));
        long tp = 0;
        long fp = 0;
        Integer[] order = byScoreDescending(e.scores());
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            tp += e.positives()[i] ? 1 : 0;
            fp += e.positives()[i] ? 0 : 1;
            boolean last = k == order.length - 1 || e.scores()[order[k + 1]] != e.scores()[i];
            if (last) {
                points.add(
                        new Point(
                                negatives == 0 ? 0 : fp / (double) negatives,
                                positives == 0 ? 0 : tp / (double) positives));
            }
        }
        return points;
    }

    /** Area under {@code roc}, by trapezoids (ties count half, as a rank AUC does). */
    static double area(List<Point> roc) {
        double area = 0;
        for (int i = 1; i < roc.size(); i++) {
            area +=
                    (roc.get(i).x() - roc.get(i - 1).x())
                            * (roc.get(i).y() + roc.get(i - 1).y())
                            / 2;
        }
        return area;
    }

    /** Precision-recall points (recall, precision), one per distinct score, highest first. */
    static List<Point> precisionRecall(ModelEvaluation e) {
        List<Point> points = new ArrayList<>();
        long positives = e.positiveCount();
        long tp = 0;
        long flagged = 0;
        Integer[] order = byScoreDescending(e.scores());
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            tp += e.positives()[i] ? 1 : 0;
            flagged++;
            boolean last = k == order.length - 1 || e.scores()[order[k + 1]] != e.scores()[i];
            if (last && positives > 0) {
                points.add(new Point(tp / (double) positives, tp / (double) flagged));
            }
        }
        return points;
    }

    /** Per score decile with rows: (mean score, observed positive rate). */
    static List<Point> calibration(ModelEvaluation e) {
        int bins = 10;
        double[] scoreSums = new double[bins];
        long[] counts = new long[bins];
        long[] hits = new long[bins];
        for (int i = 0; i < e.scores().length; i++) {
            int bin = Math.min(bins - 1, Math.max(0, (int) (e.scores()[i] * bins)));
            scoreSums[bin] += e.scores()[i];
            counts[bin]++;
            hits[bin] += e.positives()[i] ? 1 : 0;
        }
        List<Point> points = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (counts[b] > 0) {
                points.add(new Point(scoreSums[b] / counts[b], hits[b] / (double) counts[b]));
            }
        }
        return points;
    }

    /** Share of each label's rows per twentieth of the score range: [label][bin]. */
    static double[][] histograms(ModelEvaluation e) {
        int bins = 20;
        double[][] shares = new double[2][bins];
        long positives = e.positiveCount();
        long negatives = e.scores().length - positives;
        for (int i = 0; i < e.scores().length; i++) {
            int bin = Math.min(bins - 1, Math.max(0, (int) (e.scores()[i] * bins)));
            int label = e.positives()[i] ? 1 : 0;
            shares[label][bin] += 1.0 / (label == 1 ? positives : negatives);
        }
        return shares;
    }

    private static Integer[] byScoreDescending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        return order;
    }
}
