package io.vigil.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.features.spec.FeatureSpecs;
import io.vigil.retrainer.training.LogisticRegressionTrainer;
import io.vigil.schemas.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TransactionGeneratorTest {

    private static final GeneratorSettings SETTINGS =
            new GeneratorSettings(42, 500, 10, 0.03, Instant.parse("2026-01-01T00:00:00Z"));

    private static List<GeneratedTransaction> take(GeneratorSettings settings, int count) {
        TransactionGenerator generator = new TransactionGenerator(settings);
        List<GeneratedTransaction> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(generator.next());
        }
        return list;
    }

    @Test
    void sameSeedSameStream() {
        assertThat(take(SETTINGS, 2000)).isEqualTo(take(SETTINGS, 2000));
        GeneratorSettings other = new GeneratorSettings(43, 500, 10, 0.03, SETTINGS.start());
        assertThat(take(other, 100)).isNotEqualTo(take(SETTINGS, 100));
    }

    @Test
    void eventTimesNeverDecreaseAndFollowTheRate() {
        List<GeneratedTransaction> stream = take(SETTINGS, 20_000);
        long previous = Long.MIN_VALUE;
        for (GeneratedTransaction g : stream) {
            long t = g.transaction().getEventTime().toEpochMilli();
            assertThat(t).isGreaterThanOrEqualTo(previous);
            previous = t;
        }
        double seconds = (previous - SETTINGS.start().toEpochMilli()) / 1000.0;
        // 10 genuine payments per second, plus the injected fraud (3%).
        assertThat(stream.size() / seconds).isBetween(9.9, 10.8);
    }

    @Test
    void injectsEveryFraudPatternAtRoughlyTheConfiguredRate() {
        List<GeneratedTransaction> stream = take(SETTINGS, 50_000);
        Map<FraudPattern, Integer> counts = new EnumMap<>(FraudPattern.class);
        stream.stream()
                .filter(GeneratedTransaction::fraud)
                .forEach(g -> counts.merge(g.pattern(), 1, Integer::sum));

        assertThat(counts)
                .as("every pattern but the rings that come with a shift")
                .containsOnlyKeys(EnumSet.complementOf(EnumSet.of(FraudPattern.DEVICE_RING)));
        double rate =
                stream.stream().filter(GeneratedTransaction::fraud).count()
                        / (double) stream.size();
        assertThat(rate).isBetween(0.015, 0.05);
    }

    @Test
    void cardTestingIsABurstOfSmallOnlinePayments() {
        List<Transaction> testing =
                take(SETTINGS, 50_000).stream()
                        .filter(g -> g.pattern() == FraudPattern.CARD_TESTING)
                        .map(GeneratedTransaction::transaction)
                        .toList();

        assertThat(testing)
                .isNotEmpty()
                .allSatisfy(
                        t -> {
                            assertThat(t.getAmount()).isLessThanOrEqualTo(9.0);
                            assertThat(t.getChannel()).isEqualTo("ONLINE");
                        });
    }

    @Test
    void transactionsAreValidAndLabelsMatch() {
        for (GeneratedTransaction g : take(SETTINGS, 5000)) {
            Transaction t = g.transaction();
            assertThat(t.getAmount()).isPositive();
            assertThat(t.getCardNumber()).hasSize(16);
            assertThat(g.label(1000).getFraud()).isEqualTo(g.fraud());
            assertThat(g.label(1000).getLabelTime()).isEqualTo(t.getEventTime().plusMillis(1000));
        }
    }

    @Test
    void trainingDataYieldsAModelThatSeparatesFraud() throws Exception {
        TrainingData data =
                TrainingData.generate(
                        new GeneratorSettings(
                                7, 800, 0.05, 0.03, Instant.parse("2026-01-01T00:00:00Z")),
                        20_000,
                        0.2,
                        "training-secret-of-32-bytes-long");
        var model =
                new LogisticRegressionTrainer(5, 1)
                        .train(
                                data.training(),
                                data.holdout(),
                                FeatureSpecs.bundled().featureNames(),
                                "fraud-lr",
                                "1");

        assertThat(data.holdout()).hasSize(4000);
        assertThat(model.holdoutAuc()).isGreaterThan(0.85);
    }

    @Test
    void aShiftChangesSpendingAndBringsDeviceRingsAfterItOnly() {
        TransactionGenerator generator = new TransactionGenerator(SETTINGS);
        List<GeneratedTransaction> before = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            before.add(generator.next());
        }
        generator.shift(MarketShift.DEMO);
        List<GeneratedTransaction> after = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            after.add(generator.next());
        }

        assertThat(before)
                .as("the stream before the shift is the unshifted stream")
                .isEqualTo(take(SETTINGS, 20_000));
        assertThat(before).noneMatch(g -> g.pattern() == FraudPattern.DEVICE_RING);
        List<GeneratedTransaction> rings =
                after.stream().filter(g -> g.pattern() == FraudPattern.DEVICE_RING).toList();
        assertThat(rings)
                .hasSizeGreaterThan(50)
                .allSatisfy(
                        g -> {
                            assertThat(g.transaction().getDeviceId()).startsWith("ring-");
                            assertThat(g.transaction().getChannel()).isEqualTo("ONLINE");
                        });
        Map<String, Long> cardsPerDevice =
                rings.stream()
                        .collect(
                                Collectors.groupingBy(
                                        g -> g.transaction().getDeviceId(),
                                        Collectors.mapping(
                                                g -> g.transaction().getCardNumber(),
                                                Collectors.collectingAndThen(
                                                        Collectors.toSet(),
                                                        set -> (long) set.size()))));
        assertThat(cardsPerDevice.values())
                .as("one device, many cards")
                .anySatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(5));
        assertThat(medianGenuineAmount(after) / medianGenuineAmount(before)).isBetween(1.4, 1.8);
    }

    @Test
    void realisticLabelsComeDaysLaterFraudByChargebackGenuineBySettlement() {
        LabelDelays delays = LabelDelays.realistic(1);
        List<Long> fraud = new ArrayList<>();
        for (GeneratedTransaction g : take(SETTINGS, 30_000)) {
            long delay = delays.delayMillis(g);
            if (g.fraud()) {
                fraud.add(delay);
                assertThat(delay).isBetween(3_600_000L, 45 * 86_400_000L);
            } else {
                assertThat(delay).isBetween(86_400_000L, 3 * 86_400_000L);
            }
        }
        fraud.sort(null);
        assertThat(fraud.get(fraud.size() / 2) / 86_400_000.0)
                .as("median fraud delay in days")
                .isBetween(1.5, 2.7);
        assertThat(LabelDelays.immediate().delayMillis(take(SETTINGS, 1).get(0))).isZero();
    }

    private static double medianGenuineAmount(List<GeneratedTransaction> stream) {
        double[] amounts =
                stream.stream()
                        .filter(g -> !g.fraud())
                        .mapToDouble(g -> g.transaction().getAmount())
                        .sorted()
                        .toArray();
        return amounts[amounts.length / 2];
    }
}
