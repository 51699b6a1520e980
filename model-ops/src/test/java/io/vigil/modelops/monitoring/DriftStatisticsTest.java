package io.vigil.modelops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.modelops.manifest.Distribution;
import io.vigil.modelops.manifest.Distributions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftStatisticsTest {

    private static final Distribution REFERENCE = Distributions.of(normal(1, 20_000, 0));

    private static double[] normal(long seed, int n, double shift) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian() + shift;
        }
        return values;
    }

    private static long[] binned(double[] values) {
        long[] counts = new long[REFERENCE.bins()];
        for (double v : values) {
            counts[REFERENCE.binOf(v)]++;
        }
        return counts;
    }

    @Test
    void theSameDistributionShowsNoDrift() {
        DriftStatistics stats = DriftStatistics.of(REFERENCE, binned(normal(2, 5000, 0)));

        assertThat(stats.psi()).isLessThan(0.02);
        assertThat(stats.ks()).isLessThan(0.03);
        assertThat(stats.js()).isLessThan(0.01);
    }

    @Test
    void aShiftShowsInEveryStatisticAndGrowsWithIt() {
        DriftStatistics small = DriftStatistics.of(REFERENCE, binned(normal(3, 5000, 0.3)));
        DriftStatistics large = DriftStatistics.of(REFERENCE, binned(normal(3, 5000, 1.5)));

        assertThat(small.psi()).isBetween(0.05, 0.25);
        assertThat(large.psi()).isGreaterThan(1);
        assertThat(large.ks()).isGreaterThan(small.ks()).isGreaterThan(0.5);
        assertThat(large.js()).isGreaterThan(small.js()).isLessThanOrEqualTo(1);
    }

    @Test
    void emptyWindowBinsAndEmptyWindowsStayFinite() {
        long[] allInOneBin = new long[REFERENCE.bins()];
        allInOneBin[REFERENCE.bins() - 1] = 1000;

        DriftStatistics stats = DriftStatistics.of(REFERENCE, allInOneBin);

        assertThat(stats.psi()).isFinite().isGreaterThan(2);
        assertThat(stats.ks()).isCloseTo(0.9, within(0.01));
        assertThat(stats.js()).isFinite().isGreaterThan(0.5);
        assertThat(DriftStatistics.of(REFERENCE, new long[REFERENCE.bins()]))
                .isEqualTo(new DriftStatistics(0, 0, 0));
    }
}
