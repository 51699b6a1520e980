package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.loadtest.generator.GeneratorSettings;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.loadtest.harness.SentLedger;
import io.vigil.loadtest.harness.TrafficProducer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training-set command against a real broker: every transaction becomes one labelled CSV row. */
class FeatureBackfillITCase {

    @TempDir
    Path dir;

    @Test
    void writesOneLabelledRowPerTransaction() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(2, List.of("transactions", "labels"));
            TransactionGenerator generator = new TransactionGenerator(new GeneratorSettings(4, 200, 200 / 86_400.0, 0.05,
                    Instant.now().minus(Duration.ofDays(10))));
            try (TrafficProducer producer = new TrafficProducer(broker.bootstrapServers(), "transactions", "labels", generator, new SentLedger(), 0, 1)) {
                for (int i = 0; i < 1000; i++) {
                    producer.send(generator.next());
                }
                producer.flush();
            }
            Path csv = dir.resolve("training.csv");

            int status = Vigil.run(new String[] {"features", "backfill", "../features/src/main/resources/specs/card-fraud.yaml",
                "--bootstrap", broker.bootstrapServers(), "--output", csv.toString()});

            assertThat(status).isZero();
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines.get(0)).startsWith("transactionId,eventTime,amount,card_not_present").endsWith(",label");
            assertThat(lines).hasSize(1001);
            assertThat(lines.subList(1, lines.size())).allSatisfy(line -> {
                assertThat(line.split(",", -1)).hasSize(lines.get(0).split(",").length);
                assertThat(line).matches(".*,[01]$");
            });
            assertThat(lines.stream().filter(l -> l.endsWith(",1")).count()).as("fraud rows").isPositive();

            Path avro = dir.resolve("training.avro");
            assertThat(Vigil.run(new String[] {"features", "backfill", "../features/src/main/resources/specs/card-fraud.yaml",
                "--bootstrap", broker.bootstrapServers(), "--output", avro.toString()})).isZero();
            try (var reader = new org.apache.avro.file.DataFileReader<org.apache.avro.generic.GenericRecord>(avro.toFile(),
                    new org.apache.avro.generic.GenericDatumReader<>())) {
                long records = 0;
                for (org.apache.avro.generic.GenericRecord record : reader) {
                    assertThat(record.get("amount")).isInstanceOf(Double.class);
                    assertThat(record.get("label")).isIn(0, 1);
                    records++;
                }
                assertThat(records).isEqualTo(1000);
                assertThat(reader.getSchema().getFields()).hasSize(lines.get(0).split(",").length);
            }
        }
    }
}
