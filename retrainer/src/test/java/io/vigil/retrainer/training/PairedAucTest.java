package io.vigil.retrainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * DeLong's comparison of two correlated AUCs: the same values as the definition computed pair by
 * pair, and a bound that holds as often as it claims.
 */
class PairedAucTest {

    @Test
    void matchesTheDefinitionPairByPairWithTies() {
        SplittableRandom random = new SplittableRandom(7);
        int size = 300;
        double[] a = new double[size];
        double[] b = new double[size];
        boolean[] positive = new boolean[size];
        for (int i = 0; i < size; i++) {
            positive[i] = random.nextDouble() < 0.2;
            // Scores on a coarse grid, so ties occur within and across classes.
            a[i] = Math.round((positive[i] ? 0.5 : 0) + random.nextDouble() * 10) / 10.0;
            b[i] = Math.round(a[i] * 5 + random.nextGaussian()) / 5.0;
        }

        PairedAuc.Comparison c = PairedAuc.compare(a, b, positive);

        double[][] expected = bruteForce(a, b, positive);
        assertThat(c.aucA()).isCloseTo(expected[0][0], within(1e-12));
        assertThat(c.aucB()).isCloseTo(expected[0][1], within(1e-12));
        assertThat(c.aucA()).isCloseTo(Auc.of(a, positive), within(1e-12));
        assertThat(c.standardError()).isCloseTo(Math.sqrt(expected[1][0]), within(1e-12));
    }

    @Test
    void theNinetyFivePercentBoundCoversTheTrueGainAboutNineteenTimesInTwenty() {
        SplittableRandom random = new SplittableRandom(11);
        int trials = 400;
        int equalModelsJudgedBetter = 0;
        int betterModelsJudgedBetter = 0;
        for (int t = 0; t < trials; t++) {
            int size = 1500;
            double[] champion = new double[size];
            double[] same = new double[size];
            double[] better = new double[size];
            boolean[] positive = new boolean[size];
            for (int i = 0; i < size; i++) {
                positive[i] = random.nextDouble() < 0.05;
                double signal = positive[i] ? 1 : 0;
                double shared = random.nextGaussian();
                champion[i] = signal + shared + random.nextGaussian();
                same[i] = signal + shared + random.nextGaussian();
                better[i] = 2 * signal + shared + random.nextGaussian();
            }
            if (PairedAuc.compare(champion, same, positive).lowerBound(0.95) > 0) {
                equalModelsJudgedBetter++;
            }
            if (PairedAuc.compare(champion, better, positive).lowerBound(0.95) > 0) {
                betterModelsJudgedBetter++;
            }
        }
        assertThat(equalModelsJudgedBetter)
                .as("an equally good challenger promoted (5%% of %d expected)", trials)
                .isBetween(trials / 50, trials * 9 / 100);
        assertThat(betterModelsJudgedBetter)
                .as("a clearly better challenger promoted")
                .isGreaterThan(trials * 9 / 10);
    }

    @Test
    void withoutBothClassesThereIsNoComparison() {
        PairedAuc.Comparison c =
                PairedAuc.compare(
                        new double[] {0.1, 0.2, 0.3},
                        new double[] {0.3, 0.2, 0.1},
                        new boolean[] {false, false, true});

        assertThat(c.difference()).isNaN();
        assertThat(c.lowerBound(0.95)).isNaN();
    }

    @Test
    void theNormalQuantileIsRight() {
        assertThat(PairedAuc.standardNormalQuantile(0.95)).isCloseTo(1.6448536, within(1e-6));
        assertThat(PairedAuc.standardNormalQuantile(0.975)).isCloseTo(1.9599640, within(1e-6));
        assertThat(PairedAuc.standardNormalQuantile(0.999)).isCloseTo(3.0902323, within(1e-6));
    }

    /**
     * AUCs and the variance of their difference from the definition: the kernel of every (positive,
     * negative) pair, placements as its row and column means.
     */
    private static double[][] bruteForce(double[] a, double[] b, boolean[] positive) {
        List<Integer> pos = new ArrayList<>();
        List<Integer> neg = new ArrayList<>();
        for (int i = 0; i < positive.length; i++) {
            (positive[i] ? pos : neg).add(i);
        }
        int m = pos.size();
        int n = neg.size();
        double[][] v10 = new double[2][m];
        double[][] v01 = new double[2][n];
        double[][] scores = {a, b};
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double x = scores[k][pos.get(i)];
                    double y = scores[k][neg.get(j)];
                    double kernel = x > y ? 1 : x == y ? 0.5 : 0;
                    v10[k][i] += kernel / n;
                    v01[k][j] += kernel / m;
                }
            }
        }
        double aucA = Arrays.stream(v10[0]).sum() / m;
        double aucB = Arrays.stream(v10[1]).sum() / m;
        double s10 =
                covariance(v10[0], v10[0])
                        + covariance(v10[1], v10[1])
                        - 2 * covariance(v10[0], v10[1]);
        double s01 =
                covariance(v01[0], v01[0])
                        + covariance(v01[1], v01[1])
                        - 2 * covariance(v01[0], v01[1]);
        return new double[][] {{aucA, aucB}, {s10 / m + s01 / n}};
    }

    private static double covariance(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += (x[i] - mx) * (y[i] - my);
        }
        return sum / (x.length - 1);
    }
}
