package io.vigil.loadtest.harness;

import io.vigil.loadtest.generator.TransactionGenerator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.flink.core.execution.JobClient;

/**
 * A job running on its own live topics, with a monitor reading its output: traffic is offered at
 * one rate after another (each continuing the same generated stream), to probe which rates it keeps
 * up with and to record latency at one of them. Closing it cancels the job.
 */
final class LiveRun implements AutoCloseable {

    private final String bootstrap;
    private final String input;
    private final JobClient job;
    private final TransactionGenerator generator;
    private final SentLedger ledger = new SentLedger();
    private final PredictionMonitor monitor;
    private final Thread monitorThread;
    private long sent;

    LiveRun(String bootstrap, String input, String output, JobClient job, TransactionGenerator generator) {
        this.bootstrap = bootstrap;
        this.input = input;
        this.job = job;
        this.generator = generator;
        this.monitor = new PredictionMonitor(bootstrap, output, output + "-dead", ledger);
        this.monitorThread = new Thread(monitor, "bench-monitor");
        monitorThread.start();
    }

    /** Whether the job keeps up with {@code rate} (see {@link RateProbe}); waits for the backlog to clear first. */
    RateProbe.Result probe(int rate, Duration warmup, Duration window) throws InterruptedException {
        awaitCaughtUp();
        return RateProbe.run(rate, warmup, window, this::offer, monitor::predictions);
    }

    /** Produce-to-consume latency in microseconds of the traffic offered at {@code rate} after {@code warmup}, for {@code duration}. */
    Histogram latency(int rate, Duration warmup, Duration duration) throws InterruptedException {
        awaitCaughtUp();
        try (RateProbe.Traffic.Running running = offer(rate)) {
            Thread.sleep(warmup.toMillis());
            monitor.intervalLatency(); // drop the warm-up
            Thread.sleep(duration.toMillis());
            return monitor.intervalLatency();
        }
    }

    private RateProbe.Traffic.Running offer(int rate) {
        TrafficProducer producer = new TrafficProducer(bootstrap, input, null, generator, ledger, 0, rate);
        Thread thread = new Thread(producer, "bench-traffic-" + rate);
        thread.start();
        return new RateProbe.Traffic.Running() {
            @Override
            public long sent() {
                return producer.sent();
            }

            @Override
            public void close() {
                producer.stop();
                try {
                    thread.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sent += producer.sent();
                producer.close();
            }
        };
    }

    /** Waits (at most two minutes) until everything offered so far has been scored. */
    private void awaitCaughtUp() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (monitor.predictions() < sent) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job scored " + monitor.predictions() + " of " + sent
                        + " transactions offered and did not catch up within two minutes");
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() throws Exception {
        monitor.stop();
        monitorThread.join(10_000);
        job.cancel().get(60, TimeUnit.SECONDS);
    }
}
