package io.vigil.loadtest.harness;

import io.vigil.loadtest.generator.GeneratedTransaction;
import io.vigil.loadtest.generator.LabelDelays;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes generated transactions to Kafka, keyed by card number (a card's transactions stay in
 * order), at a fixed wall-clock rate; event time is the generator's own, so a demo can compress
 * days into minutes. Labels go to the labels topic, when the stream's event time reaches the time
 * they become known ({@link #withLabelDelays}); after every {@code badEvery}-th transaction a
 * broken record follows, to exercise the dead-letter path.
 */
public final class TrafficProducer implements Runnable, AutoCloseable {

    private final TransactionGenerator generator;
    private final KafkaProducer<byte[], byte[]> producer;
    private final SentLedger ledger;
    private final int badEvery;
    private final RecordCodec<Transaction> transactions = WireFormat.AVRO.codec(Transaction.class);
    private final RecordCodec<TransactionLabel> labels =
            WireFormat.AVRO.codec(TransactionLabel.class);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong broken = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Exception firstFailure;

    private final double ratePerSecond;
    private final String transactionsTopic;
    private final String labelsTopic;

    /** Labels not known yet at the event time reached, by the time they become known. */
    private final PriorityQueue<TransactionLabel> pendingLabels =
            new PriorityQueue<>(Comparator.comparing(TransactionLabel::getLabelTime));

    private LabelDelays labelDelays = LabelDelays.immediate();

    /**
     * @param labelsTopic where ground-truth labels go, or null to send none
     * @param badEvery a broken record after every this many transactions; 0 for none
     */
    public TrafficProducer(
            String bootstrap,
            String transactionsTopic,
            String labelsTopic,
            TransactionGenerator generator,
            SentLedger ledger,
            int badEvery,
            double ratePerSecond) {
        this.transactionsTopic = transactionsTopic;
        this.labelsTopic = labelsTopic;
        this.ratePerSecond = ratePerSecond;
        this.generator = generator;
        this.ledger = ledger;
        this.badEvery = badEvery;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        // Not idempotent, one request in flight (keeps each card's order on retries): in the bench,
        // the
        // third job's preload failed three runs in a row on one partition with
        // OutOfOrderSequenceException
        // (the broker refused the idempotent producer's sequence numbers until the records expired,
        // with 256 KB and 64 KB batches alike; the cause was not found). A retry may now duplicate
        // a
        // transaction, which the bench tolerates: it counts outputs, it does not match them.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * From now on, labels go out when the stream's event time reaches the time they become known
     * (default: with their transaction).
     */
    public TrafficProducer withLabelDelays(LabelDelays delays) {
        this.labelDelays = delays;
        return this;
    }

    /** Labels decided but not yet due. */
    public int pendingLabels() {
        return pendingLabels.size();
    }

    /**
     * Sends {@code generated} now, whatever its event time (e.g. history replayed before going
     * live).
     */
    public void send(GeneratedTransaction generated) {
        Transaction t = generated.transaction();
        byte[] key = t.getCardNumber().getBytes(StandardCharsets.UTF_8);
        if (generated.fraud()) {
            ledger.recordFraud(t.getTransactionId());
        }
        producer.send(
                new ProducerRecord<>(transactionsTopic, key, transactions.encode(t)),
                this::acknowledged);
        if (labelsTopic != null) {
            pendingLabels.add(generated.label(labelDelays.delayMillis(generated)));
            long now = t.getEventTime().toEpochMilli();
            while (!pendingLabels.isEmpty()
                    && pendingLabels.peek().getLabelTime().toEpochMilli() <= now) {
                TransactionLabel label = pendingLabels.poll();
                producer.send(
                        new ProducerRecord<>(
                                labelsTopic,
                                label.getTransactionId().getBytes(StandardCharsets.UTF_8),
                                labels.encode(label)));
            }
        }
        long count = sent.incrementAndGet();
        if (badEvery > 0 && count % badEvery == 0) {
            producer.send(new ProducerRecord<>(transactionsTopic, key, brokenCopy(t)));
            broken.incrementAndGet();
        }
    }

    private byte[] brokenCopy(Transaction t) {
        return broken.get() % 2 == 0
                ? "{not avro at all}".getBytes(StandardCharsets.UTF_8)
                : transactions.encode(
                        Transaction.newBuilder(t)
                                .setTransactionId(t.getTransactionId() + "-neg")
                                .setAmount(-1)
                                .build());
    }

    /** Sends live traffic at the configured rate until {@link #stop()}, recording send times. */
    @Override
    public void run() {
        long start = System.nanoTime();
        long index = 0;
        while (running.get()) {
            long due = start + (long) (index++ * 1e9 / ratePerSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            GeneratedTransaction next = generator.next();
            ledger.recordSent(next.transaction().getTransactionId(), System.nanoTime());
            send(next);
        }
        producer.flush();
    }

    public void flush() {
        producer.flush();
    }

    private void acknowledged(RecordMetadata metadata, Exception failure) {
        if (failure != null && failures.getAndIncrement() == 0) {
            firstFailure = failure;
        }
    }

    /**
     * Throws if any transaction sent so far failed to reach the broker (after the producer's own
     * retries): a run that silently lost input would wait for output that can never come.
     */
    public void requireAllDelivered() {
        producer.flush();
        if (failures.get() > 0) {
            throw new IllegalStateException(
                    failures.get()
                            + " transactions could not be written to "
                            + transactionsTopic
                            + "; the first failure: "
                            + firstFailure,
                    firstFailure);
        }
    }

    public long sent() {
        return sent.get();
    }

    public long broken() {
        return broken.get();
    }

    public void stop() {
        running.set(false);
    }

    @Override
    public void close() {
        producer.close();
    }
}
