package io.vigil.e2e.cluster;

import io.vigil.jobs.testutils.Transactions;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Continuous traffic for a cluster test: transactions {@code <prefix>-0 .. <prefix>-(n-1)} at a
 * fixed rate from a background thread, transaction {@code i} at event time {@code base + i} seconds
 * (so the model version that must score it is known from its number alone), keyed by card.
 */
final class PacedTraffic implements AutoCloseable {

    private final Thread thread;
    private final AtomicInteger sent = new AtomicInteger();
    private volatile boolean stopped;

    PacedTraffic(String bootstrap, String topic, String prefix, int n, int perSecond, long base) {
        this(bootstrap, topic, prefix, 0, n, perSecond, base);
    }

    /** Transactions {@code from .. to-1} only. */
    PacedTraffic(
            String bootstrap,
            String topic,
            String prefix,
            int from,
            int to,
            int perSecond,
            long base) {
        this(bootstrap, topic, i -> transaction(prefix, i, base), from, to, perSecond);
    }

    /** Transactions {@code transactions.apply(from) .. transactions.apply(to - 1)}. */
    PacedTraffic(
            String bootstrap,
            String topic,
            IntFunction<Transaction> transactions,
            int from,
            int to,
            int perSecond) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        RecordCodec<Transaction> codec = WireFormat.AVRO.codec(Transaction.class);
        this.thread =
                new Thread(
                        () -> {
                            long start = System.nanoTime();
                            try (KafkaProducer<byte[], byte[]> producer =
                                    new KafkaProducer<>(
                                            props,
                                            new ByteArraySerializer(),
                                            new ByteArraySerializer())) {
                                for (int i = from; i < to && !stopped; i++) {
                                    LockSupport.parkNanos(
                                            start
                                                    + (i - from) * 1_000_000_000L / perSecond
                                                    - System.nanoTime());
                                    Transaction t = transactions.apply(i);
                                    producer.send(
                                            new ProducerRecord<>(
                                                    topic,
                                                    t.getCardNumber()
                                                            .getBytes(StandardCharsets.UTF_8),
                                                    codec.encode(t)));
                                    sent.incrementAndGet();
                                }
                            }
                        },
                        "paced-traffic");
        thread.start();
    }

    /**
     * Sends transactions {@code 0 .. n-1} as fast as Kafka takes them (a backlog), keyed by card,
     * and returns once all are acknowledged.
     */
    static void produce(
            String bootstrap, String topic, IntFunction<Transaction> transactions, int n) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        RecordCodec<Transaction> codec = WireFormat.AVRO.codec(Transaction.class);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                Transaction t = transactions.apply(i);
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                t.getCardNumber().getBytes(StandardCharsets.UTF_8),
                                codec.encode(t)));
            }
        }
    }

    /**
     * Transaction {@code i} of a stream spread over 5,000 cards and 500 merchants, {@code apart}
     * milliseconds of event time after the one before, starting at {@code base}: traffic whose keys
     * spread evenly over any parallelism.
     */
    static Transaction spread(int i, long base, long apart) {
        return Transactions.transaction(
                "tx-" + i,
                "4333" + String.format("%012d", i % 5_000),
                base + i * apart,
                5 + i % 400,
                "m" + i % 500);
    }

    /** Transaction {@code i} of the stream, as sent. */
    static Transaction transaction(String prefix, int i, long base) {
        return Transactions.transaction(
                prefix + "-" + i,
                "4333" + String.format("%012d", i % 97),
                base + i * 1000L,
                5 + i % 400,
                "m" + i % 11);
    }

    /** Transactions {@code <prefix>-0 .. <prefix>-(n-1)}, as sent. */
    static List<Transaction> transactions(String prefix, int n, long base) {
        List<Transaction> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(transaction(prefix, i, base));
        }
        return out;
    }

    int sent() {
        return sent.get();
    }

    /** Waits until all {@code n} transactions are sent. */
    void join() throws InterruptedException {
        thread.join();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join();
    }
}
