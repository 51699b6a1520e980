package io.vigil.loadtest.harness;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether a running job keeps up with a rate: traffic is offered at the rate for a warm-up and a
 * fixed window, and the backlog (sent minus scored) is sampled while it runs. The job keeps up when
 * the backlog does not grow over the window: its lowest value in the window's last third is at most
 * 2% of the window's traffic above its lowest value in the first third. Lowest values, because an
 * exactly-once job's output appears in bursts at each checkpoint, so the backlog is a saw-tooth.
 */
final class RateProbe {

    /** Share of the window's traffic the backlog may grow by and still count as not growing. */
    static final double TOLERANCE = 0.02;

    private RateProbe() {}

    /**
     * @param rate offered records per second
     * @param achieved records per second the producer actually sent over the window
     * @param backlogGrowth records the backlog grew by over the window (lowest in last third minus
     *     lowest in first third)
     * @param keptUp whether the backlog did not grow
     */
    record Result(int rate, double achieved, long backlogGrowth, boolean keptUp) {

        /** The producer could not offer the rate: the job was not the limit. */
        boolean producerBound() {
            return achieved < rate * 0.95;
        }
    }

    /**
     * Offers {@code rate} for {@code warmup + window} with a producer started by {@code traffic}
     * (its sent count) while {@code scored} counts the job's output.
     */
    static Result run(
            int rate, Duration warmup, Duration window, Traffic traffic, LongSupplier scored)
            throws InterruptedException {
        try (Traffic.Running running = traffic.start(rate)) {
            Thread.sleep(warmup.toMillis());
            // Sampled often enough that each third of the window sees the troughs right after
            // checkpoints.
            int samples = (int) Math.max(6, window.toMillis() / 50);
            long sleep = window.toMillis() / samples;
            long[] backlog = new long[samples];
            long sentBefore = running.sent();
            long start = System.nanoTime();
            for (int i = 0; i < samples; i++) {
                Thread.sleep(sleep);
                backlog[i] = running.sent() - scored.getAsLong();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double achieved = (running.sent() - sentBefore) / seconds;
            int third = samples / 3;
            long growth = min(backlog, samples - third, samples) - min(backlog, 0, third);
            boolean keptUp = growth <= TOLERANCE * achieved * seconds;
            return new Result(rate, achieved, growth, keptUp);
        }
    }

    private static long min(long[] values, int from, int to) {
        long min = Long.MAX_VALUE;
        for (int i = from; i < to; i++) {
            min = Math.min(min, values[i]);
        }
        return min;
    }

    /** Starts traffic at a rate; closing the returned handle stops it. */
    interface Traffic {
        Running start(int rate);

        /** Traffic being offered. */
        interface Running extends AutoCloseable {
            long sent();

            @Override
            void close();
        }
    }
}
