package io.vigil.retrainer;

import io.vigil.schemas.RetrainRequest;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.RecordDecodingException;
import io.vigil.schemas.codec.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows the retrain-requests topic and hands each request to a {@link Retrainer}, one at a time,
 * committing after each: a request is answered at least once, and the retrainer answers a request
 * only once. A request waiting for labels to mature is tried again every {@code retryEvery}, up to
 * {@code attempts} times, while the loop keeps polling. A request that fails is reported and
 * skipped (a poison request must not block the next). With {@link ShadowTrials}, the running shadow
 * trials are judged every {@code retryEvery} too.
 */
public final class RetrainRequestLoop implements Runnable, AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Retrainer retrainer;
    private final Consumer<String> log;
    private final Consumer<RetrainOutcome> outcomes;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Duration retryEvery;
    private final int attempts;
    private final ShadowTrials trials;
    private long trialsDue;

    /** Shadow trials running when last looked (read by other threads). */
    private volatile int runningTrials;

    /** How many times the running trials were judged (read by other threads). */
    private final AtomicInteger trialJudgements = new AtomicInteger();

    /** Requests waiting for data, with their attempts so far and when to try next (nanoTime). */
    private final List<Waiting> waiting = new ArrayList<>();

    /**
     * Requests received and not answered yet (in hand or waiting for data); read by other threads.
     */
    private final AtomicInteger unanswered = new AtomicInteger();

    private final RecordCodec<RetrainRequest> codec = WireFormat.AVRO.codec(RetrainRequest.class);

    /**
     * @param kafka the consumer's connection: {@code bootstrap.servers} and any client settings
     *     (security protocol, SASL, TLS)
     * @param trials the shadow trials to judge, or null when promotion is decided on the holdout
     */
    public RetrainRequestLoop(
            Properties kafka,
            String topic,
            String groupId,
            Retrainer retrainer,
            ShadowTrials trials,
            Duration retryEvery,
            int attempts,
            Consumer<String> log,
            Consumer<RetrainOutcome> outcomes) {
        this.retryEvery = retryEvery;
        this.attempts = attempts;
        this.trials = trials;
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        // Training may take minutes: the group must not think this member died meanwhile.
        props.put(
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                String.valueOf(Duration.ofMinutes(30).toMillis()));
        this.consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(List.of(topic));
        this.retrainer = retrainer;
        this.log = log;
        this.outcomes = outcomes;
    }

    @Override
    public void run() {
        while (running.get()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                handle(record);
                consumer.commitSync();
            }
            retryDue();
            judgeTrialsWhenDue();
        }
    }

    private void judgeTrialsWhenDue() {
        if (trials == null || System.nanoTime() < trialsDue) {
            return;
        }
        trialsDue = System.nanoTime() + retryEvery.toNanos();
        try {
            trials.judgeRunning().forEach(outcomes);
            runningTrials = trials.running().size();
            trialJudgements.incrementAndGet();
        } catch (Exception e) {
            log.accept("judging the shadow trials failed, will try again: " + e);
        }
    }

    private void retryDue() {
        long now = System.nanoTime();
        for (Waiting w : List.copyOf(waiting)) {
            if (now >= w.due) {
                waiting.remove(w);
                attempt(w.request, w.attempt + 1);
            }
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        RetrainRequest request;
        try {
            request = codec.decode(record.value());
        } catch (RecordDecodingException e) {
            log.accept(
                    "skipped "
                            + record.topic()
                            + "-"
                            + record.partition()
                            + "@"
                            + record.offset()
                            + ": not a retrain request ("
                            + e.getMessage()
                            + ")");
            return;
        }
        log.accept("retrain request " + request.getRequestId() + ": " + request.getReason());
        unanswered.incrementAndGet();
        attempt(request, 1);
    }

    private void attempt(RetrainRequest request, int attempt) {
        try {
            RetrainOutcome outcome = retrainer.handle(request);
            if (outcome.waitingForData() && attempt < attempts) {
                waiting.add(
                        new Waiting(request, attempt, System.nanoTime() + retryEvery.toNanos()));
                return;
            }
            if (trials != null) {
                runningTrials = trials.running().size();
            }
            unanswered.decrementAndGet();
            outcomes.accept(outcome);
        } catch (Exception e) {
            unanswered.decrementAndGet();
            log.accept("retraining for " + request.getRequestId() + " failed: " + e);
        }
    }

    private record Waiting(RetrainRequest request, int attempt, long due) {}

    /** Requests this loop has received and not answered yet: in hand, or waiting for labels. */
    public int unanswered() {
        return unanswered.get();
    }

    /** Shadow trials running when the loop last looked. */
    public int runningTrials() {
        return runningTrials;
    }

    /** How many times the loop has judged the running shadow trials so far. */
    public int trialJudgements() {
        return trialJudgements.get();
    }

    public void stop() {
        running.set(false);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
