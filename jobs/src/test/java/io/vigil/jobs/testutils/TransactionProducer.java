package io.vigil.jobs.testutils;

import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a test's input, keyed by card number (a card's transactions stay in order), and fails the
 * test if any record was not written: input lost on the way in must not look like output lost by
 * the job.
 */
public final class TransactionProducer {

    private TransactionProducer() {}

    public static void produce(String bootstrap, String topic, List<Transaction> transactions) {
        RecordCodec<Transaction> codec = WireFormat.AVRO.codec(Transaction.class);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (Transaction t : transactions) {
            records.add(
                    new ProducerRecord<>(
                            topic,
                            t.getCardNumber().getBytes(StandardCharsets.UTF_8),
                            codec.encode(t)));
        }
        sendAll(bootstrap, records);
    }

    /**
     * Sends {@code records} in order and waits until every one is acknowledged.
     *
     * <p>One request in flight and no idempotence: on this 2-core machine the idempotent producer
     * was seen retrying its first batch after later ones were written, which the broker refused
     * ({@code OutOfOrderSequenceException}) until the batch expired and its records were lost.
     *
     * @throws IllegalStateException naming the first record that could not be written
     */
    public static void sendAll(String bootstrap, List<ProducerRecord<byte[], byte[]>> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            records.forEach(record -> sent.add(producer.send(record)));
            producer.flush();
            for (int i = 0; i < sent.size(); i++) {
                try {
                    sent.get(i).get();
                } catch (InterruptedException | ExecutionException e) {
                    throw new IllegalStateException(
                            "input record " + i + " was not written to " + records.get(i).topic(),
                            e);
                }
            }
        }
    }
}
