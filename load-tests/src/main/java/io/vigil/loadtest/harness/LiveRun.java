package io.vigil.loadtest.harness;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.loadtest.generator.TransactionGenerator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.flink.core.execution.JobClient;

/**
 * A job running on its own live topics: traffic is offered at one rate after another (each
 * continuing the same generated stream), to probe which rates it keeps up with and to record
 * latency at one of them. While probing, the harness only counts the output (no decoding, no
 * per-transaction bookkeeping) to leave the cores to the job. Closing it cancels the job.
 */
final class LiveRun implements AutoCloseable {

    private static final int MIN_CPU_SPAN_SECONDS = 5;

    private final String bootstrap;
    private final String input;
    private final String output;
    private final JobClient job;
    private final TransactionGenerator generator;
    private final JobIo io;
    private final OutputTally tally;
    private final Thread tallyThread;
    private long sent;

    /**
     * @param preloaded transactions already in {@code input} before the job started
     */
    LiveRun(
            String bootstrap,
            String input,
            String output,
            JobClient job,
            TransactionGenerator generator,
            long preloaded,
            JobIo io) {
        this.io = io;
        this.sent = preloaded;
        this.bootstrap = bootstrap;
        this.input = input;
        this.output = output;
        this.job = job;
        this.generator = generator;
        this.tally = new OutputTally(bootstrap, List.of(output));
        this.tallyThread = new Thread(tally, "bench-tally");
        tallyThread.start();
    }

    /**
     * Waits until the job has written an output for every preloaded transaction; returns its
     * records per second over the span of those outputs' write times.
     */
    double drain(Duration timeout) throws InterruptedException {
        awaitCaughtUp(timeout);
        return tally.perSecond();
    }

    /**
     * CPU microseconds per record (this JVM, then the broker) while the job drains the preloaded
     * history, measured between 10% and 90% of its outputs (leaving out the job's start and end);
     * NaN when that took under {@value #MIN_CPU_SPAN_SECONDS} s: exactly-once output arrives in a
     * burst per checkpoint, so a shorter span mismatches CPU and records (use more transactions).
     * Call before {@link #drain}.
     */
    double[] drainCpu(EmbeddedKafkaBroker broker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitCount(sent / 10, deadline);
        long from = tally.count();
        long startNanos = System.nanoTime();
        CpuTime start = CpuTime.now(broker);
        awaitCount(sent * 9 / 10, deadline);
        if (System.nanoTime() - startNanos < MIN_CPU_SPAN_SECONDS * 1_000_000_000L) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return CpuTime.now(broker).microsPerRecord(start, tally.count() - from);
    }

    private void awaitCount(long count, long deadline) throws InterruptedException {
        while (tally.count() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the job wrote "
                                + tally.count()
                                + " of "
                                + sent
                                + " transactions and did not reach "
                                + count
                                + " in time");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Whether the job keeps up with {@code rate} (see {@link RateProbe}); waits for the backlog to
     * clear first.
     */
    RateProbe.Result probe(int rate, Duration warmup, Duration window) throws InterruptedException {
        awaitCaughtUp();
        return RateProbe.run(
                rate, warmup, window, r -> offer(r, SentLedger.untracked()), tally::count);
    }

    /**
     * Produce-to-consume latency in microseconds of the traffic offered at {@code rate} after
     * {@code warmup}, for {@code duration}.
     */
    Histogram latency(int rate, Duration warmup, Duration duration) throws InterruptedException {
        awaitCaughtUp();
        SentLedger ledger = new SentLedger();
        PredictionMonitor monitor =
                io.keyedOutput()
                        ? PredictionMonitor.fromNowByKey(
                                bootstrap, output, output + "-dead", ledger)
                        : PredictionMonitor.fromNow(bootstrap, output, output + "-dead", ledger);
        Thread monitorThread = new Thread(monitor, "bench-monitor");
        monitorThread.start();
        try (RateProbe.Traffic.Running running = offer(rate, ledger)) {
            Thread.sleep(warmup.toMillis());
            monitor.intervalLatency(); // drop the warm-up
            Thread.sleep(duration.toMillis());
            return monitor.intervalLatency();
        } finally {
            monitor.stop();
            monitorThread.join(10_000);
        }
    }

    private RateProbe.Traffic.Running offer(int rate, SentLedger ledger) {
        TrafficProducer producer =
                new TrafficProducer(bootstrap, input, null, io.traffic(generator), ledger, 0, rate);
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

    /** Waits (at most two minutes) until everything offered so far has been written by the job. */
    private void awaitCaughtUp() throws InterruptedException {
        awaitCaughtUp(Duration.ofMinutes(2));
    }

    private void awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (tally.count() < sent - io.heldBack()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the job wrote "
                                + tally.count()
                                + " of "
                                + sent
                                + " transactions offered and did not catch up within "
                                + timeout);
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() throws Exception {
        tally.stop();
        tallyThread.join(10_000);
        job.cancel().get(60, TimeUnit.SECONDS);
    }
}
