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
 * test runs, counting each transaction id (the record key): whether each came once, and (for a
 * failure's message) when they arrived.
 */
final class PredictionCounter implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Map<String, Integer> counts = new HashMap<>();

    /** (nanoTime, distinct ids so far) after each poll that returned records. */
    private final List<long[]> arrivals = new ArrayList<>();

    private volatile boolean stopped;

    private PredictionCounter(String bootstrap, String topic) {
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

    static PredictionCounter start(String bootstrap, String topic) {
        PredictionCounter counter = new PredictionCounter(bootstrap, topic);
        counter.thread.start();
        return counter;
    }

    /** Waits for the first committed prediction. */
    void awaitFirst(Duration timeout) {
        awaitCount(1, timeout);
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
