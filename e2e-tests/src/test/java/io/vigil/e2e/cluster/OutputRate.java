package io.vigil.e2e.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;

/**
 * How fast a job writes to a topic, from the topic's end offsets: the job's own output rate,
 * however fast a reader of the topic keeps up (a test's reader shares the test's CPU). Under
 * exactly-once the offsets count records as they are written, before their transaction commits,
 * plus one marker per partition and commit: a few per second, nothing beside thousands.
 */
final class OutputRate implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;

    OutputRate(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.partitions =
                consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
    }

    /** Records written to the topic so far. */
    long written() {
        return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Lets {@code settle} pass from now, then returns the records written per second over {@code
     * window}, or over as much of it as passed before {@code limit} records were written (a backlog
     * drained says nothing of the rate).
     *
     * @throws AssertionError if that leaves less than 3 s
     */
    double perSecond(Duration settle, Duration window, long limit) {
        long start = System.nanoTime();
        long from = start + settle.toNanos();
        long to = from + window.toNanos();
        long[] first = new long[2]; // time, written
        long[] last = new long[2];
        Awaitility.await("a throughput window")
                .atMost(settle.plus(window).plusSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            long now = System.nanoTime();
                            if (now < from) {
                                return false;
                            }
                            long written = written();
                            if (first[0] == 0) {
                                first[0] = now;
                                first[1] = written;
                            }
                            last[0] = now;
                            last[1] = written;
                            return now >= to || written >= limit;
                        });
        if (last[0] - first[0] < Duration.ofSeconds(3).toNanos()) {
            throw new AssertionError(
                    "the backlog drained before a throughput window of 3 s: give a larger one");
        }
        return (last[1] - first[1]) / ((last[0] - first[0]) / 1e9);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
