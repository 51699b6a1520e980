package io.vigil.loadtest.harness;

import io.vigil.loadtest.generator.Traffic;
import io.vigil.loadtest.generator.TrafficEvent;
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
 * Writes generated events of any example ({@link Traffic}) to Kafka, keyed as the traffic says (an
 * entity's events stay in order), at a fixed wall-clock rate; event time is the traffic's own, so a
 * demo can compress days into minutes. Labels go to the labels topic when the stream's event time
 * reaches the time they become known; after every {@code badEvery}-th event a broken record
 * follows, to exercise the dead-letter path.
 */
public final class TrafficProducer implements Runnable, AutoCloseable {

    private final Traffic traffic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final SentLedger ledger;
    private final int badEvery;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong broken = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Exception firstFailure;

    private final double ratePerSecond;
    private final String eventsTopic;
    private final String labelsTopic;

    /** Labels not known yet at the event time reached, by the time they become known. */
    private final PriorityQueue<TrafficEvent> pendingLabels =
            new PriorityQueue<>(Comparator.comparingLong(TrafficEvent::labelTime));

    /**
     * @param labelsTopic where ground-truth labels go, or null to send none
     * @param badEvery a broken record after every this many events; 0 for none
     */
    public TrafficProducer(
            String bootstrap,
            String eventsTopic,
            String labelsTopic,
            Traffic traffic,
            SentLedger ledger,
            int badEvery,
            double ratePerSecond) {
        this.eventsTopic = eventsTopic;
        this.labelsTopic = labelsTopic;
        this.ratePerSecond = ratePerSecond;
        this.traffic = traffic;
        this.ledger = ledger;
        this.badEvery = badEvery;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        // Not idempotent, one request in flight (keeps each entity's order on retries): in the
        // bench, the third job's preload failed three runs in a row on one partition with
        // OutOfOrderSequenceException (the broker refused the idempotent producer's sequence
        // numbers until the records expired, with 256 KB and 64 KB batches alike; the cause was not
        // found). A retry may now duplicate an event, which the bench tolerates: it counts outputs,
        // it does not match them.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Labels decided but not yet due. */
    public int pendingLabels() {
        return pendingLabels.size();
    }

    /**
     * Sends {@code event} now, whatever its event time (e.g. history replayed before going live).
     */
    public void send(TrafficEvent event) {
        ledger.recordUnscored(event.id());
        if (event.positive()) {
            ledger.recordFraud(event.id());
        }
        producer.send(
                new ProducerRecord<>(eventsTopic, event.key(), event.value()), this::acknowledged);
        if (labelsTopic != null) {
            pendingLabels.add(event);
            while (!pendingLabels.isEmpty()
                    && pendingLabels.peek().labelTime() <= event.eventTime()) {
                TrafficEvent due = pendingLabels.poll();
                producer.send(
                        new ProducerRecord<>(
                                labelsTopic,
                                due.id().getBytes(StandardCharsets.UTF_8),
                                due.label()));
            }
        }
        long count = sent.incrementAndGet();
        if (badEvery > 0 && count % badEvery == 0) {
            producer.send(
                    new ProducerRecord<>(
                            eventsTopic, event.key(), traffic.broken(broken.getAndIncrement())));
        }
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
            TrafficEvent next = traffic.next();
            ledger.recordSent(next.id(), System.nanoTime());
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
     * Throws if any event sent so far failed to reach the broker (after the producer's own
     * retries): a run that silently lost input would wait for output that can never come.
     */
    public void requireAllDelivered() {
        producer.flush();
        if (failures.get() > 0) {
            throw new IllegalStateException(
                    failures.get()
                            + " events could not be written to "
                            + eventsTopic
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
