package io.vigil.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerITCase {

    @Test
    void servesTransactionalProduceAndReadCommittedConsumeThenStopsCleanly() throws Exception {
        Path directory;
        String bootstrap;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            bootstrap = broker.bootstrapServers();
            directory = broker.logFile().getParent();
            assertThat(bootstrap).startsWith("127.0.0.1:");
            broker.createTopics(2, List.of("t1"));
            broker.createTopics(2, List.of("t1")); // idempotent

            try (Admin admin = Admin.create(broker.clientProperties())) {
                assertThat(admin.listTopics().names().get()).contains("t1");
            }
            produceTransactionally(bootstrap, "t1", List.of("a", "b", "c"));
            assertThat(consumeReadCommitted(bootstrap, "t1", 3))
                    .containsExactlyInAnyOrder("a", "b", "c");
            assertThat(broker.cpuTime())
                    .as("the broker process's CPU time (a JVM's start alone takes some)")
                    .isGreaterThan(Duration.ofMillis(100));
        }
        assertThat(Files.exists(directory)).as("temporary data deleted").isFalse();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1));
        assertThatThrownBy(
                        () -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 500))
                .as("nothing listens after close")
                .isInstanceOf(IOException.class);
    }

    private static void produceTransactionally(
            String bootstrap, String topic, List<String> values) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-tx");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value));
            }
            producer.commitTransaction();
        }
    }

    private static List<String> consumeReadCommitted(String bootstrap, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
