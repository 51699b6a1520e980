package io.vigil.loadtest.harness;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Counts a job's committed output records and the span of their write times. */
final class OutputCounter {

    private OutputCounter() {}

    /**
     * Reads {@code topic} (read_committed) from the start until {@code expected} records arrived
     * or {@code timeout} passed.
     */
    static Span await(String bootstrap, String topic, long expected, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-counter-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long count = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    count++;
                    first = Math.min(first, record.timestamp());
                    last = Math.max(last, record.timestamp());
                }
            }
        }
        return new Span(count, first, last);
    }

    /**
     * @param count records read
     * @param firstMillis earliest write time among them
     * @param lastMillis latest write time among them
     */
    record Span(long count, long firstMillis, long lastMillis) {

        /** Records per second over the span of write times. */
        double perSecond() {
            return count < 2 || lastMillis <= firstMillis ? 0 : count * 1000.0 / (lastMillis - firstMillis);
        }
    }
}
