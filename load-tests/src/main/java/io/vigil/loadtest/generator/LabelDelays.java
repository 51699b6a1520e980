package io.vigil.loadtest.generator;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * When the truth about a payment becomes known, in event time. Realistic: a fraud is reported by a
 * chargeback days later (log-normal, median 2 days, between 1 hour and 45 days); a genuine payment
 * is confirmed once it has settled without dispute, 1 to 3 days later.
 */
public final class LabelDelays {

    private static final long MIN_FRAUD = Duration.ofHours(1).toMillis();
    private static final long MAX_FRAUD = Duration.ofDays(45).toMillis();
    private static final double MEDIAN_FRAUD = Duration.ofDays(2).toMillis();

    private final SplittableRandom random;

    private LabelDelays(SplittableRandom random) {
        this.random = random;
    }

    /** Labels known at the payment itself (tests, training sets). */
    public static LabelDelays immediate() {
        return new LabelDelays(null);
    }

    public static LabelDelays realistic(long seed) {
        return new LabelDelays(new SplittableRandom(seed));
    }

    /** Milliseconds of event time between the payment and its label. */
    public long delayMillis(GeneratedTransaction transaction) {
        if (random == null) {
            return 0;
        }
        if (transaction.fraud()) {
            long delay = (long) (MEDIAN_FRAUD * Math.exp(random.nextGaussian() * 0.8));
            return Math.min(MAX_FRAUD, Math.max(MIN_FRAUD, delay));
        }
        return Duration.ofDays(1).toMillis() + random.nextLong(Duration.ofDays(2).toMillis());
    }
}
