package io.vigil.loadtest.demo;

import io.vigil.loadtest.demo.dashboard.DashboardState;
import io.vigil.loadtest.harness.PredictionMonitor;
import io.vigil.loadtest.harness.SentLedger;
import io.vigil.loadtest.harness.TrafficProducer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/** What the demo prints: timestamped steps, a progress line every two seconds, and a summary. */
final class DemoConsole {

    private long heapAtStart;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Duration TICK = Duration.ofSeconds(2);

    /** What a positive is called, e.g. fraud or clicks. */
    private final String positives;

    private DashboardState dashboard;

    DemoConsole(String positives) {
        this.positives = positives;
    }

    /** Also shows every progress tick on {@code state} (the live dashboard). */
    void showOn(DashboardState state) {
        this.dashboard = state;
    }

    void step(String message) {
        System.out.println(LocalTime.now().format(TIME) + "  " + message);
    }

    /**
     * Prints progress until {@code duration} passes, the thread is interrupted (Ctrl-C) or the job
     * fails; returns the exit status (0, or 1 if the job failed).
     */
    int watch(
            JobClient job, TrafficProducer producer, PredictionMonitor monitor, Duration duration) {
        heapAtStart = heapAfterGc();
        long start = System.nanoTime();
        long previousCount = monitor.predictions();
        long previousTick = start;
        while (System.nanoTime() - start < duration.toNanos()) {
            try {
                Thread.sleep(TICK.toMillis());
            } catch (InterruptedException e) {
                step("interrupted: stopping");
                return 0;
            }
            JobStatus status = status(job);
            long now = System.nanoTime();
            long count = monitor.predictions();
            Histogram latency = monitor.intervalLatency();
            System.out.printf(
                    "%s  [%3ds] sent %,d | scored %,d (%,.0f/s) | latency p50 %s p99 %s | dead"
                            + " letters %,d | %s caught %,d missed %,d, false alarms %,d | %s %s%n",
                    LocalTime.now().format(TIME),
                    (now - start) / 1_000_000_000L,
                    producer.sent(),
                    count,
                    (count - previousCount) * 1e9 / (now - previousTick),
                    millis(latency, 50),
                    millis(latency, 99),
                    monitor.deadLetters(),
                    positives,
                    monitor.caught(),
                    monitor.missed(),
                    monitor.falseAlarms(),
                    monitor.lastModel(),
                    status);
            if (dashboard != null) {
                dashboard.tick(
                        new DashboardState.Tick(
                                System.currentTimeMillis(),
                                producer.sent(),
                                count,
                                (count - previousCount) * 1e9 / (now - previousTick),
                                latency.getTotalCount() == 0
                                        ? Double.NaN
                                        : latency.getValueAtPercentile(50) / 1000.0,
                                latency.getTotalCount() == 0
                                        ? Double.NaN
                                        : latency.getValueAtPercentile(99) / 1000.0,
                                monitor.deadLetters(),
                                monitor.caught(),
                                monitor.missed(),
                                monitor.falseAlarms(),
                                monitor.lastModel(),
                                String.valueOf(status)));
            }
            previousCount = count;
            previousTick = now;
            if (status == JobStatus.FAILED || status == JobStatus.RESTARTING) {
                step("the job is " + status + ": see the log above; stopping");
                return 1;
            }
        }
        return 0;
    }

    /** Waits, at most {@code timeout}, until every sent event has been scored and read. */
    /** Waits, at most {@code timeout}, for {@code count} predictions; says how long it took. */
    void awaitScored(PredictionMonitor monitor, long count, Duration timeout) {
        long start = System.nanoTime();
        boolean scored = waitFor(monitor, count, timeout);
        step(
                String.format(
                        scored
                                ? "history scored in %.0f s"
                                : "history not all scored after %.0f s; live traffic starts anyway",
                        (System.nanoTime() - start) / 1e9));
    }

    void drain(PredictionMonitor monitor, long sent, Duration timeout) {
        step(
                String.format(
                        "traffic stopped; waiting for the last %,d predictions",
                        Math.max(0, sent - monitor.predictions())));
        waitFor(monitor, sent, timeout);
    }

    /**
     * Whether {@code count} predictions were seen within {@code timeout} (false if interrupted).
     */
    private static boolean waitFor(PredictionMonitor monitor, long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (monitor.predictions() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100); // polling a counter the monitor thread moves
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return monitor.predictions() >= count;
    }

    void summary(TrafficProducer producer, PredictionMonitor monitor, SentLedger ledger) {
        long frauds = monitor.caught() + monitor.missed();
        step(
                String.format(
                        "ids: %,d events scored twice, %,d never scored",
                        monitor.duplicates(), ledger.unscored()));
        step("dead letters by reason: " + monitor.deadLettersByReason());
        step(
                String.format(
                        "heap in use after GC (this JVM: Flink, the job, the clients): %,d MB when"
                                + " live traffic started, %,d MB at the end",
                        heapAtStart, heapAfterGc()));
        step(
                String.format(
                        "done: %,d events sent (%,d broken on purpose), %,d predictions, %,d"
                                + " dead letters; %s caught %,d of %,d (%.0f%%), %,d false alarms",
                        producer.sent(),
                        producer.broken(),
                        monitor.predictions(),
                        monitor.deadLetters(),
                        positives,
                        monitor.caught(),
                        frauds,
                        frauds == 0 ? 0.0 : 100.0 * monitor.caught() / frauds,
                        monitor.falseAlarms()));
    }

    private static String millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0
                ? "-"
                : histogram.getValueAtPercentile(percentile) / 1000 + " ms";
    }

    /** Megabytes of heap still reachable after a full collection. */
    private static long heapAfterGc() {
        System.gc(); // what stays reachable: the figure for growth over a run
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed() >> 20;
    }

    private static JobStatus status(JobClient job) {
        try {
            return job.getJobStatus().get();
        } catch (Exception e) {
            return JobStatus.FAILED;
        }
    }
}
