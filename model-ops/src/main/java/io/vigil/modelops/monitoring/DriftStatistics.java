package io.vigil.modelops.monitoring;

import io.vigil.modelops.manifest.Distribution;

/**
 * Drift of a window's binned values against a reference {@link Distribution}: population stability
 * index, Kolmogorov-Smirnov statistic (largest gap between the binned CDFs) and Jensen-Shannon
 * divergence (base 2, in [0, 1]). Window bins without values are smoothed with a small share
 * ({@value #EMPTY_SHARE}), so every statistic is finite.
 *
 * @param psi population stability index (rules of thumb: below 0.1 stable, above 0.25 shifted)
 * @param ks largest CDF gap, in [0, 1]
 * @param js Jensen-Shannon divergence, in [0, 1]
 */
public record DriftStatistics(double psi, double ks, double js) {

    static final double EMPTY_SHARE = 1e-4;

    /**
     * Statistics of {@code window} (values per bin of {@code reference}); all zero without values.
     */
    public static DriftStatistics of(Distribution reference, long[] window) {
        long windowTotal = 0;
        for (long c : window) {
            windowTotal += c;
        }
        if (windowTotal == 0) {
            return new DriftStatistics(0, 0, 0);
        }
        double referenceTotal = reference.present();
        double psi = 0;
        double ks = 0;
        double js = 0;
        double cdfReference = 0;
        double cdfWindow = 0;
        for (int i = 0; i < window.length; i++) {
            double expected = reference.counts()[i] / referenceTotal;
            double actual = Math.max(window[i] / (double) windowTotal, EMPTY_SHARE);
            psi += (actual - expected) * Math.log(actual / expected);
            cdfReference += expected;
            cdfWindow += window[i] / (double) windowTotal;
            ks = Math.max(ks, Math.abs(cdfWindow - cdfReference));
            double mean = (actual + expected) / 2;
            js += 0.5 * actual * log2(actual / mean) + 0.5 * expected * log2(expected / mean);
        }
        return new DriftStatistics(psi, ks, Math.min(1, Math.max(0, js)));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
