package io.vigil.loadtest.harness;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts a job's committed output records as they arrive, and the span of their write times,
 * without decoding them: the cheapest reader there is, so the harness takes as little CPU from the
 * job it measures as it can.
 */
final class OutputTally implements Runnable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile long count;
    private volatile long firstMillis = Long.MAX_VALUE;
    private volatile long lastMillis = Long.MIN_VALUE;

    OutputTally(String bootstrap, List<String> topics) {
        this.topics = List.copyOf(topics);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-tally-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        this.consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    firstMillis = Math.min(firstMillis, record.timestamp());
                    lastMillis = Math.max(lastMillis, record.timestamp());
                    count++;
                }
            }
        } finally {
            consumer.close();
        }
    }

    /** Records read so far. */
    long count() {
        return count;
    }

    /** Records per second over the span of the write times of the records read so far. */
    double perSecond() {
        long first = firstMillis;
        long last = lastMillis;
        return count < 2 || last <= first ? 0 : count * 1000.0 / (last - first);
    }

    void stop() {
        running.set(false);
    }
}
