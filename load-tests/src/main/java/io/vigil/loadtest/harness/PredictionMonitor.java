package io.vigil.loadtest.harness;

import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.Decision;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.RecordDecodingException;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the predictions and dead-letter topics as an analyst would (read_committed) and keeps the
 * figures the demo prints: throughput, end-to-end latency (from the producer's send to this
 * consumer's receipt), dead letters, and fraud caught, missed and falsely flagged.
 */
public final class PredictionMonitor implements Runnable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final SentLedger ledger;
    private final RecordCodec<Prediction> codec = WireFormat.AVRO.codec(Prediction.class);
    private final Recorder latency = new Recorder(3);
    private final Recorder scoringLatency = new Recorder(3);
    private final Set<String> versionsServed = ConcurrentHashMap.newKeySet();
    private final RecordCodec<DeadLetter> deadLetterCodec = WireFormat.AVRO.codec(DeadLetter.class);
    private final Map<String, Long> deadLettersByReason = new ConcurrentSkipListMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile long predictions;
    private volatile long deadLetters;
    private volatile long duplicates;
    private volatile long caught;
    private volatile long missed;
    private volatile long falseAlarms;
    private volatile String lastModel = "-";

    private final String predictionsTopic;
    private final String deadLetterTopic;

    /** Records are matched to transactions by their key, not decoded as predictions. */
    private final boolean byKey;

    public PredictionMonitor(
            String bootstrap, String predictionsTopic, String deadLetterTopic, SentLedger ledger) {
        this(bootstrap, predictionsTopic, deadLetterTopic, ledger, "earliest");
    }

    /** A monitor of what is written from now on (not what the topics already hold). */
    public static PredictionMonitor fromNow(
            String bootstrap, String predictionsTopic, String deadLetterTopic, SentLedger ledger) {
        return new PredictionMonitor(
                bootstrap, predictionsTopic, deadLetterTopic, ledger, "latest", false);
    }

    /**
     * A monitor of what is written from now on to a topic of records that are not predictions (e.g.
     * a baseline job's feature rows) but are keyed by transaction id: it counts them and measures
     * their latency.
     */
    static PredictionMonitor fromNowByKey(
            String bootstrap, String outputTopic, String deadLetterTopic, SentLedger ledger) {
        return new PredictionMonitor(
                bootstrap, outputTopic, deadLetterTopic, ledger, "latest", true);
    }

    private PredictionMonitor(
            String bootstrap,
            String predictionsTopic,
            String deadLetterTopic,
            SentLedger ledger,
            String offsetReset) {
        this(bootstrap, predictionsTopic, deadLetterTopic, ledger, offsetReset, false);
    }

    private PredictionMonitor(
            String bootstrap,
            String predictionsTopic,
            String deadLetterTopic,
            SentLedger ledger,
            String offsetReset,
            boolean byKey) {
        this.byKey = byKey;
        this.predictionsTopic = predictionsTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.ledger = ledger;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "vigil-monitor-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(predictionsTopic, deadLetterTopic));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    if (record.topic().equals(deadLetterTopic)) {
                        deadLetters++;
                        deadLettersByReason.merge(reasonOf(record.value()), 1L, Long::sum);
                    } else if (byKey) {
                        countKey(
                                record.key() == null
                                        ? ""
                                        : new String(record.key(), StandardCharsets.UTF_8));
                        predictions++;
                    } else {
                        count(record.value());
                    }
                }
            }
        } finally {
            consumer.close();
        }
    }

    private void count(byte[] value) {
        Prediction p;
        try {
            p = codec.decode(value);
        } catch (RecordDecodingException e) {
            return; // not ours to judge: the job wrote it, and the ITCases check its format
        }
        countKey(p.getTransactionId());
        boolean fraud = ledger.takeFraud(p.getTransactionId());
        boolean flagged = p.getDecision() == Decision.FLAG;
        if (fraud) {
            if (flagged) {
                caught++;
            } else {
                missed++;
            }
        } else if (flagged) {
            falseAlarms++;
        }
        lastModel = p.getModelName() + ":" + p.getModelVersion();
        versionsServed.add(p.getModelVersion());
        scoringLatency.recordValue(Math.max(0, p.getScoringLatencyMicros()));
        predictions++;
    }

    /** Counts an output of transaction {@code id}: its latency, whether it is a duplicate. */
    private void countKey(String id) {
        if (!ledger.takeUnscored(id)) {
            duplicates++;
        }
        Long sent = ledger.takeSentNanos(id);
        if (sent != null) {
            latency.recordValue(Math.max(0, (System.nanoTime() - sent) / 1_000));
        }
    }

    /** Produce-to-consume latency, in microseconds, recorded since the previous call. */
    public Histogram intervalLatency() {
        return latency.getIntervalHistogram();
    }

    /**
     * The predictions' own scoring latency (arrival at the scoring operator to score),
     * microseconds, since the previous call.
     */
    public Histogram intervalScoringLatency() {
        return scoringLatency.getIntervalHistogram();
    }

    /** Every model version that has decided a prediction so far. */
    public Set<String> versionsServed() {
        return Set.copyOf(versionsServed);
    }

    public long predictions() {
        return predictions;
    }

    private String reasonOf(byte[] value) {
        try {
            return deadLetterCodec.decode(value).getReasonCode();
        } catch (RecordDecodingException e) {
            return "(not a dead letter)";
        }
    }

    /** Dead letters seen so far, by reason code. */
    public Map<String, Long> deadLettersByReason() {
        return Map.copyOf(deadLettersByReason);
    }

    /** Predictions of an event that was scored before (or never sent). */
    public long duplicates() {
        return duplicates;
    }

    public long deadLetters() {
        return deadLetters;
    }

    public long caught() {
        return caught;
    }

    public long missed() {
        return missed;
    }

    public long falseAlarms() {
        return falseAlarms;
    }

    public String lastModel() {
        return lastModel;
    }

    public void stop() {
        running.set(false);
    }
}
