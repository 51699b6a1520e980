package io.vigil.modelops.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistributionsTest {

    @Test
    void continuousValuesGetTenEquallyFilledBins() {
        SplittableRandom random = new SplittableRandom(1);
        double[] values = new double[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() * 50 + 100;
        }
        Distribution d = Distributions.of(values);

        assertThat(d.bins()).isEqualTo(10);
        assertThat(Arrays.stream(d.counts()).boxed().toList())
                .allSatisfy(c -> assertThat(c).isBetween(990L, 1010L));
        assertThat(d.present()).isEqualTo(10_000);
        assertThat(d.binOf(d.min())).isZero();
        assertThat(d.binOf(d.max())).isEqualTo(9);
    }

    @Test
    void repeatedValuesNeverLeaveABinEmpty() {
        double[] flag = new double[1000];
        for (int i = 0; i < 30; i++) {
            flag[i] = 1; // 3% ones: every quantile edge is 0
        }
        double[] skewed = new double[1000];
        for (int i = 0; i < skewed.length; i++) {
            skewed[i] = i < 800 ? 0 : i < 950 ? 5 : i; // heavy mass on two values, a tail
        }

        Distribution flags = Distributions.of(flag);
        Distribution heavy = Distributions.of(skewed);

        assertThat(flags.edges()).containsExactly(0);
        assertThat(flags.counts()).containsExactly(970, 30);
        assertThat(Arrays.stream(heavy.counts()).boxed().toList())
                .allSatisfy(c -> assertThat(c).isPositive());
        assertThat(heavy.present()).isEqualTo(1000);
    }

    @Test
    void aConstantIsOneBinAndMissingValuesAreCountedApart() {
        Distribution d = Distributions.of(new double[] {7, 7, Double.NaN, 7});

        assertThat(d.edges()).isEmpty();
        assertThat(d.counts()).containsExactly(3);
        assertThat(d.missing()).isEqualTo(1);
        assertThat(d.outOfRange(7)).isFalse();
        assertThat(d.outOfRange(8)).isTrue();
        assertThatThrownBy(() -> Distributions.of(new double[] {Double.NaN}))
                .hasMessageContaining("no values");
    }
}
