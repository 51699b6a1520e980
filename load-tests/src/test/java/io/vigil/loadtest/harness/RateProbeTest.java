package io.vigil.loadtest.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The probe's judgement on synthetic traffic: a clock-driven sent count and a scored count derived
 * from it.
 */
class RateProbeTest {

    private static final int RATE = 10_000;

    @Test
    void aJobScoringEverythingSentKeepsUp() throws InterruptedException {
        RateProbe.Result result = probe(sent -> Math.max(0, sent - 500)); // a constant 50 ms behind

        assertThat(result.keptUp()).isTrue();
        assertThat(result.producerBound()).isFalse();
    }

    @Test
    void aJobScoringInCheckpointBurstsKeepsUp() throws InterruptedException {
        RateProbe.Result result =
                probe(sent -> sent / 3_000 * 3_000); // output appears every 0.3 s, as exactly-once
        // output does

        assertThat(result.keptUp()).isTrue();
    }

    @Test
    void aJobScoringFourFifthsOfTheRateFallsBehind() throws InterruptedException {
        RateProbe.Result result = probe(sent -> sent * 4 / 5);

        assertThat(result.keptUp()).isFalse();
        assertThat(result.backlogGrowth()).isGreaterThan(1_000);
    }

    @Test
    void aProducerThatCannotOfferTheRateIsReported() throws InterruptedException {
        RateProbe.Result result =
                RateProbe.run(
                        RATE * 10,
                        Duration.ofMillis(100),
                        Duration.ofMillis(1200),
                        rate -> clockTraffic(RATE),
                        () -> 0);

        assertThat(result.producerBound()).isTrue();
    }

    private static RateProbe.Result probe(LongUnaryOperator scoredOfSent)
            throws InterruptedException {
        RateProbe.Traffic.Running[] running = new RateProbe.Traffic.Running[1];
        LongSupplier scored = () -> scoredOfSent.applyAsLong(running[0].sent());
        return RateProbe.run(
                RATE,
                Duration.ofMillis(100),
                Duration.ofMillis(1500),
                rate -> running[0] = clockTraffic(rate),
                scored);
    }

    /** Traffic whose sent count follows the clock at {@code rate}. */
    private static RateProbe.Traffic.Running clockTraffic(int rate) {
        long start = System.nanoTime();
        return new RateProbe.Traffic.Running() {
            @Override
            public long sent() {
                return (System.nanoTime() - start) * rate / 1_000_000_000L;
            }

            @Override
            public void close() {}
        };
    }
}
