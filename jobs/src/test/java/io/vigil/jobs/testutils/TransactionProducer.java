package io.vigil.jobs.testutils;

import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes transactions as Avro, keyed by card number (a card's transactions stay in order). */
public final class TransactionProducer {

    private TransactionProducer() {}

    public static void produce(String bootstrap, String topic, List<Transaction> transactions) {
        RecordCodec<Transaction> codec = WireFormat.AVRO.codec(Transaction.class);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Transaction t : transactions) {
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                t.getCardNumber().getBytes(StandardCharsets.UTF_8),
                                codec.encode(t)));
            }
        }
    }
}
