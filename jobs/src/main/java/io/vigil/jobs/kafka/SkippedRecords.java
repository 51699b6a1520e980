package io.vigil.jobs.kafka;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a reader of a Vigil topic cannot use, counted by reason: counter {@code
 * skippedRecords.<REASON>} on the source (e.g. {@code UNDECODABLE}, {@code OVERSIZED}, {@code
 * NOT_A_LABEL}). The first record of each reason is logged with its position, then one in {@value
 * #LOG_EVERY}: a flood of bad records never floods the log, and none is skipped unseen.
 */
final class SkippedRecords implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SkippedRecords.class);

    static final long LOG_EVERY = 10_000;

    private final String what;
    private transient MetricGroup group;
    private transient Map<String, Counter> counters;

    /**
     * @param what what a usable record is, for the log ("a ModelEvent", "a label")
     */
    SkippedRecords(String what) {
        this.what = what;
    }

    /** Registers the counters under {@code metrics} (a source's metric group). */
    void open(MetricGroup metrics) {
        this.group = metrics.addGroup("skippedRecords");
    }

    void skip(ConsumerRecord<byte[], byte[]> record, String reason, String detail) {
        if (counters == null) {
            counters = new HashMap<>();
        }
        Counter counter =
                counters.computeIfAbsent(
                        reason, r -> group == null ? new SimpleCounter() : group.counter(r));
        counter.inc();
        if (counter.getCount() % LOG_EVERY == 1) {
            LOG.warn(
                    "Skipped record {}-{}@{}: not {} ({}: {}); {} skipped for this reason so far",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    what,
                    reason,
                    detail,
                    counter.getCount());
        }
    }

    /** How many records were skipped for {@code reason}. */
    long count(String reason) {
        Counter counter = counters == null ? null : counters.get(reason);
        return counter == null ? 0 : counter.getCount();
    }
}
