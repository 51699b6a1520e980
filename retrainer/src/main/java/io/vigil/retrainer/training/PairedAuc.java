package io.vigil.retrainer.training;

import java.util.Arrays;

/**
 * Two models' AUCs on the same labelled transactions and how sure the difference is: DeLong, DeLong
 * and Clarke-Pearson's (1988) variance of the difference of two correlated AUCs, from each
 * transaction's placement value (the share of the other class it is ranked above, ties half). The
 * difference is asymptotically normal; {@link Comparison#lowerBound(double)} is its one-sided
 * confidence bound. O((m + n) log(m + n)) for m positives and n negatives.
 */
public final class PairedAuc {

    private PairedAuc() {}

    /**
     * AUC of {@code b} minus AUC of {@code a}, with its standard error.
     *
     * @param aucA NaN unless both classes occur (as are the others)
     */
    public record Comparison(
            double aucA, double aucB, double difference, double standardError, int positives) {

        /**
         * The bound below which the true difference lies with probability {@code 1 - confidence}
         * (e.g. 0.95: the one-sided 95% lower confidence bound).
         */
        public double lowerBound(double confidence) {
            return difference - standardNormalQuantile(confidence) * standardError;
        }
    }

    /**
     * Compares {@code a} and {@code b}, two scores of the same transactions in the same order.
     *
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public static Comparison compare(double[] a, double[] b, boolean[] positive) {
        if (a.length != b.length || a.length != positive.length) {
            throw new IllegalArgumentException(
                    "scores and labels differ in length: "
                            + a.length
                            + ", "
                            + b.length
                            + ", "
                            + positive.length);
        }
        int m = 0;
        for (boolean p : positive) {
            m += p ? 1 : 0;
        }
        int n = positive.length - m;
        if (m < 2 || n < 2) {
            return new Comparison(Double.NaN, Double.NaN, Double.NaN, Double.NaN, m);
        }
        double[] posA = placements(a, positive, true, m, n);
        double[] posB = placements(b, positive, true, m, n);
        double[] negA = placements(a, positive, false, m, n);
        double[] negB = placements(b, positive, false, m, n);
        double aucA = mean(posA);
        double aucB = mean(posB);
        double variance = differenceVariance(posA, posB) / m + differenceVariance(negA, negB) / n;
        return new Comparison(aucA, aucB, aucB - aucA, Math.sqrt(variance), m);
    }

    /**
     * Placement values of one class's transactions, in their order: for a positive, the share of
     * negatives scored below it; for a negative, the share of positives scored above it (ties count
     * half).
     */
    private static double[] placements(
            double[] scores, boolean[] positive, boolean ofPositives, int m, int n) {
        double[] others = new double[ofPositives ? n : m];
        double[] own = new double[ofPositives ? m : n];
        int o = 0;
        int w = 0;
        for (int i = 0; i < scores.length; i++) {
            if (positive[i] == ofPositives) {
                own[w++] = scores[i];
            } else {
                others[o++] = scores[i];
            }
        }
        Arrays.sort(others);
        double[] values = new double[own.length];
        for (int i = 0; i < own.length; i++) {
            int below = firstAtLeast(others, own[i]);
            int notAbove = firstAbove(others, own[i]);
            double lessThan = below + (notAbove - below) / 2.0;
            values[i] =
                    ofPositives
                            ? lessThan / others.length
                            : (others.length - lessThan) / others.length;
        }
        return values;
    }

    /** Sample variance of x - y (denominator count - 1). */
    private static double differenceVariance(double[] x, double[] y) {
        double meanX = mean(x);
        double meanY = mean(y);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double d = (x[i] - meanX) - (y[i] - meanY);
            sum += d * d;
        }
        return sum / (x.length - 1);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static int firstAtLeast(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static int firstAbove(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9),
     * for confidences in (0.5, 1).
     */
    static double standardNormalQuantile(double p) {
        if (!(p > 0.5 && p < 1)) {
            throw new IllegalArgumentException("a confidence is within (0.5, 1), not " + p);
        }
        double[] a = {
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
        };
        double[] b = {
            -5.447609879822406e+01,
            1.615858368580409e+02,
            -1.556989798598866e+02,
            6.680131188771972e+01,
            -1.328068155288572e+01
        };
        double[] c = {
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
        };
        double[] d = {
            7.784695709041462e-03,
            3.224671290700398e-01,
            2.445134137142996e+00,
            3.754408661907416e+00
        };
        if (p <= 0.97575) {
            double q = p - 0.5;
            double r = q * q;
            return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
                    * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        double q = Math.sqrt(-2 * Math.log(1 - p));
        return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
}
