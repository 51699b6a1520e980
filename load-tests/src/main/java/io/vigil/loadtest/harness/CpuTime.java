package io.vigil.loadtest.harness;

import io.vigil.embedded.EmbeddedKafkaBroker;
import java.time.Duration;

/**
 * CPU time used so far by this JVM (the MiniCluster running the job, and the harness) and by the
 * broker's process: the difference over a stretch of work, divided by the records it moved, is a
 * per-record cost that scheduling noise on a shared machine disturbs far less than a rate.
 */
record CpuTime(Duration jvm, Duration broker) {

    static CpuTime now(EmbeddedKafkaBroker broker) {
        return new CpuTime(
                ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO),
                broker.cpuTime());
    }

    /** CPU microseconds per record of this JVM and of the broker, from {@code earlier} to now. */
    double[] microsPerRecord(CpuTime earlier, long records) {
        if (records <= 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {
            (jvm.toNanos() - earlier.jvm.toNanos()) / 1000.0 / records,
            (broker.toNanos() - earlier.broker.toNanos()) / 1000.0 / records
        };
    }
}
