package io.vigil.e2e.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Reads a predictions topic as an analyst does (read_committed) from a background thread while a
 * test runs, counting each transaction id (the record key) and when the committed predictions
 * arrived: how many per second a job delivered over a window, and whether each came once.
 */
final class PredictionCounter implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Map<String, Integer> counts = new HashMap<>();

    /** (nanoTime, distinct ids so far) after each poll that returned records. */
    private final List<long[]> arrivals = new ArrayList<>();

    private volatile boolean stopped;
    private volatile long phaseStart;

    /** Distinct ids after which the backlog counts as drained: later windows end there. */
    private final int drained;

    private PredictionCounter(String bootstrap, String topic, int drained) {
        this.drained = drained;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        this.consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "prediction-counter");
    }

    /**
     * Starts counting; windows end early once {@code drained} distinct ids arrived (a backlog
     * drained says nothing of the rate).
     */
    static PredictionCounter start(String bootstrap, String topic, int drained) {
        PredictionCounter counter = new PredictionCounter(bootstrap, topic, drained);
        counter.thread.start();
        return counter;
    }

    /** Waits for the first prediction; the first throughput phase starts with it. */
    void awaitFirst(Duration timeout) {
        Awaitility.await("a first committed prediction").atMost(timeout).until(() -> count() > 0);
        synchronized (this) {
            phaseStart = arrivals.get(0)[0];
        }
    }

    /** Starts the next throughput phase now. */
    void markRescaled() {
        phaseStart = System.nanoTime();
    }

    /**
     * Waits until {@code window} has passed after {@code settle} from the phase's start, or the
     * backlog drained, and returns the distinct predictions per second committed in that window.
     *
     * @throws AssertionError if the backlog drained before the window began
     */
    double rate(Duration settle, Duration window) {
        long from = phaseStart + settle.toNanos();
        long planned = from + window.toNanos();
        Awaitility.await("a throughput window")
                .atMost(settle.plus(window).plusSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> System.nanoTime() > planned || count() >= drained);
        long to = Math.min(planned, drainedAt());
        if (to - from < Duration.ofSeconds(3).toNanos()) {
            throw new AssertionError(
                    "the backlog drained before a throughput window of 3 s; " + timeline());
        }
        return (distinctAt(to) - distinctAt(from)) / ((to - from) / 1e9);
    }

    /** Distinct ids at each second since the first arrival, for a failure's message. */
    synchronized String timeline() {
        StringBuilder out = new StringBuilder("distinct predictions by second:");
        long first = arrivals.isEmpty() ? 0 : arrivals.get(0)[0];
        long second = -1;
        for (long[] arrival : arrivals) {
            long at = (arrival[0] - first) / 1_000_000_000L;
            if (at != second) {
                out.append(' ').append(at).append("s=").append(arrival[1]);
                second = at;
            }
        }
        return out.toString();
    }

    /** When {@code drained} distinct ids had arrived (nanoTime), or never. */
    private synchronized long drainedAt() {
        for (long[] arrival : arrivals) {
            if (arrival[1] >= drained) {
                return arrival[0];
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * Waits until {@code expected} distinct ids arrived, then 3 s more for any extra, and returns
     * how often each id came.
     */
    Map<String, Integer> awaitDistinct(int expected, Duration timeout) {
        awaitCount(expected, timeout);
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        Awaitility.await("3 s for duplicates")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> System.nanoTime() > end);
        synchronized (this) {
            return new HashMap<>(counts);
        }
    }

    /** Distinct ids so far. */
    synchronized long count() {
        return counts.size();
    }

    /** Waits until {@code count} distinct ids arrived. */
    void awaitCount(long count, Duration timeout) {
        try {
            Awaitility.await(count + " distinct predictions")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> count() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    count() + " of " + count + " predictions arrived; " + timeline(), e);
        }
    }

    /** Distinct ids committed by {@code time} (nanoTime). */
    private synchronized long distinctAt(long time) {
        long seen = 0;
        for (long[] arrival : arrivals) {
            if (arrival[0] > time) {
                break;
            }
            seen = arrival[1];
        }
        return seen;
    }

    private void run() {
        while (!stopped) {
            var records = consumer.poll(Duration.ofMillis(100));
            if (records.isEmpty()) {
                continue;
            }
            synchronized (this) {
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    counts.merge(new String(record.key(), StandardCharsets.UTF_8), 1, Integer::sum);
                }
                arrivals.add(new long[] {System.nanoTime(), counts.size()});
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join();
        consumer.close();
    }
}
