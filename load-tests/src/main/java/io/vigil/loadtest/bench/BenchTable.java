package io.vigil.loadtest.bench;

import io.vigil.jobs.config.Delivery;
import io.vigil.loadtest.harness.BenchResult;
import io.vigil.loadtest.harness.BenchSettings;
import io.vigil.loadtest.harness.LoadHarness;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bench's results as a Markdown table, one row per job and delivery, then ScoringJob against
 * each baseline of the same delivery: its CPU per record over the skeleton's (Vigil's own overhead,
 * target at most {@value #SKELETON_TARGET}x) and its sustained rate over the Flink SQL peer's
 * (target at least {@value #SQL_PEER_TARGET}x).
 */
final class BenchTable {

    static final double SKELETON_TARGET = 1.5;
    static final double SQL_PEER_TARGET = 3.0;

    private BenchTable() {}

    static void print(List<BenchResult> results, PrintStream out) {
        out.println();
        out.println(
                "| job | delivery | drains at (records/s) | CPU us/record draining (Flink JVM +"
                        + " broker) | max sustained (records/s) | ratio to passthrough | latency at"
                        + " rate/s | p50 ms | p99 ms | p99.9 ms |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (BenchResult r : results) {
            double baseline =
                    find(results, BenchSettings.PASSTHROUGH, r.delivery())
                            .map(BenchResult::sustainedRate)
                            .orElse(Double.NaN);
            String cpu =
                    Double.isNaN(r.jvmCpuMicros())
                            ? "n/a (drain too short)"
                            : String.format(
                                    Locale.ROOT,
                                    "%.1f + %.1f",
                                    r.jvmCpuMicros(),
                                    r.brokerCpuMicros());
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %,.0f | %s | %s%,.0f | %s%s | %,d | %.1f | %.1f | %.1f |%n",
                    r.job(),
                    r.delivery(),
                    r.drainRate(),
                    cpu,
                    r.producerBound() ? ">= " : "",
                    r.sustainedRate(),
                    Double.isNaN(baseline)
                            ? "— (no passthrough)"
                            : String.format(Locale.ROOT, "%.2f", r.sustainedRate() / baseline),
                    r.producerBound() ? " (producer-bound)" : "",
                    r.latencyRate(),
                    r.p50Millis(),
                    r.p99Millis(),
                    r.p999Millis());
        }
        out.println();
        for (BenchResult r : results) {
            if (r.job().startsWith("scoring-") && !r.job().endsWith(LoadHarness.WHOLE_VALUE)) {
                against(r, results, out);
            }
            if (r.job().endsWith(LoadHarness.WHOLE_VALUE)) {
                layouts(r, results, out);
            }
        }
    }

    /** One line: {@code scoring} against the skeleton and the SQL peer of its delivery. */
    private static void against(BenchResult scoring, List<BenchResult> results, PrintStream out) {
        if (find(results, BenchSettings.SKELETON, scoring.delivery()).isEmpty()
                && find(results, BenchSettings.SQL_PEER, scoring.delivery()).isEmpty()) {
            return; // only the passthrough: its ratio is in the table
        }
        StringBuilder line =
                new StringBuilder(
                        String.format(Locale.ROOT, "- %s, %s:", scoring.job(), scoring.delivery()));
        find(results, BenchSettings.SKELETON, scoring.delivery())
                .ifPresent(
                        skeleton -> {
                            double overhead = skeleton.sustainedRate() / scoring.sustainedRate();
                            line.append(
                                    String.format(
                                            Locale.ROOT,
                                            " the skeleton sustains %.2fx its rate (Vigil's own"
                                                    + " overhead; target at most %.1fx: %s), CPU"
                                                    + " per record %s the skeleton's;",
                                            overhead,
                                            SKELETON_TARGET,
                                            overhead <= SKELETON_TARGET ? "met" : "missed",
                                            ratio(cpu(scoring), cpu(skeleton))));
                        });
        find(results, BenchSettings.SQL_PEER, scoring.delivery())
                .ifPresent(
                        peer -> {
                            double gain = scoring.sustainedRate() / peer.sustainedRate();
                            line.append(
                                    String.format(
                                            Locale.ROOT,
                                            " it sustains %.2fx the Flink SQL peer's rate (target"
                                                    + " at least %.0fx: %s), CPU per record %s the"
                                                    + " peer's",
                                            gain,
                                            SQL_PEER_TARGET,
                                            gain >= SQL_PEER_TARGET ? "met" : "missed",
                                            ratio(cpu(scoring), cpu(peer))));
                        });
        out.println(line);
    }

    /**
     * One line: ScoringJob with deltas and the state cache against the same writing whole states.
     */
    private static void layouts(BenchResult whole, List<BenchResult> results, PrintStream out) {
        String job =
                whole.job().substring(0, whole.job().length() - LoadHarness.WHOLE_VALUE.length());
        find(results, job, whole.delivery())
                .ifPresent(
                        current ->
                                out.printf(
                                        Locale.ROOT,
                                        "- %s, %s, state layout: CPU per record %.1f us against"
                                                + " %.1f us writing the whole state per event"
                                                + " (%s), sustained %,.0f/s against %,.0f/s, p99"
                                                + " %.1f ms against %.1f ms%n",
                                        job,
                                        whole.delivery(),
                                        cpu(current),
                                        cpu(whole),
                                        ratio(cpu(current), cpu(whole)),
                                        current.sustainedRate(),
                                        whole.sustainedRate(),
                                        current.p99Millis(),
                                        whole.p99Millis()));
    }

    /** {@code a / b} as e.g. "1.32x", or "n/a" when either was not measured. */
    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b)
                ? "n/a (a drain too short to measure)"
                : String.format(Locale.ROOT, "%.2fx", a / b);
    }

    /** CPU microseconds per record, the job's JVM and the broker together. */
    private static double cpu(BenchResult r) {
        return r.jvmCpuMicros() + r.brokerCpuMicros();
    }

    private static Optional<BenchResult> find(
            List<BenchResult> results, String job, Delivery delivery) {
        return results.stream()
                .filter(b -> b.job().equals(job) && b.delivery() == delivery)
                .findFirst();
    }
}
