package io.vigil.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.jobs.testutils.TopicReader;
import io.vigil.jobs.testutils.TransactionProducer;
import io.vigil.jobs.testutils.Transactions;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar, run by {@code main} in its own JVM with only what a Flink installation
 * provides beside it: proves the jar is complete (connector, Avro, ONNX Runtime, merged service
 * files) and that command-line options reach the job.
 */
class ScoringJobJarITCase {

    private static final int TRANSACTIONS = 200;

    @TempDir Path dir;

    @Test
    void shadedJarScoresTransactionsFromItsMainMethod() throws Exception {
        Path jar =
                Files.list(Path.of("target"))
                        .filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                "run `mvn package` first: no target/*-job.jar"));
        String flinkClasspath =
                Files.readString(Path.of("target", "flink-provided.classpath")).trim()
                        + File.pathSeparator
                        + loggingJars();
        Path[] model = CardModelFixture.write(CardModelFixture.model(), dir);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(2, List.of("transactions", "predictions", "dead-letters"));
            ModelRegistry.ensureTopic(broker.bootstrapServers(), "model-events");
            produce(broker.bootstrapServers());
            Process job =
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "java")
                                            .toString(),
                                    "-Xmx1g",
                                    "-cp",
                                    jar + File.pathSeparator + flinkClasspath,
                                    ScoringJob.class.getName(),
                                    "--vigil.kafka.bootstrap-servers",
                                    broker.bootstrapServers(),
                                    "--vigil.model.path",
                                    model[0].toUri().toString(),
                                    "--vigil.model.manifest",
                                    model[1].toUri().toString(),
                                    "--vigil.entity-key.secret",
                                    "jar-test-secret-of-enough-bytes",
                                    "--vigil.checkpoint.interval",
                                    "1s",
                                    "--vigil.checkpoint.directory",
                                    dir.resolve("checkpoints").toUri().toString(),
                                    "--jobmanager.bind-host",
                                    "127.0.0.1",
                                    "--taskmanager.bind-host",
                                    "127.0.0.1",
                                    "--taskmanager.host",
                                    "127.0.0.1",
                                    "--rest.bind-address",
                                    "127.0.0.1",
                                    "--rest.address",
                                    "127.0.0.1")
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("job.log").toFile())
                            .start();
            try {
                List<Prediction> predictions =
                        decode(
                                TopicReader.read(
                                        broker.bootstrapServers(),
                                        "predictions",
                                        TRANSACTIONS,
                                        Duration.ofMinutes(2),
                                        Duration.ZERO));

                assertThat(job.isAlive())
                        .as(
                                "job still running; its log:\n"
                                        + Files.readString(dir.resolve("job.log")))
                        .isTrue();
                Set<String> ids =
                        predictions.stream()
                                .map(Prediction::getTransactionId)
                                .collect(Collectors.toSet());
                assertThat(ids).hasSize(TRANSACTIONS);
                assertThat(predictions)
                        .allSatisfy(p -> assertThat(p.getScore()).isBetween(0.0, 1.0));
            } finally {
                job.destroy();
                if (!job.waitFor(30, TimeUnit.SECONDS)) {
                    job.destroyForcibly();
                }
            }
        }
    }

    /** Flink's lib/ also holds the logging jars (slf4j, log4j), which the job jar leaves out. */
    private static String loggingJars() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("slf4j") || entry.contains("log4j"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static void produce(String bootstrap) {
        long start = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
        List<Transaction> transactions = new ArrayList<>();
        for (int i = 0; i < TRANSACTIONS; i++) {
            transactions.add(
                    Transactions.transaction(
                            "jar-" + i,
                            "4111" + String.format("%012d", i % 17),
                            start + i * 1000L,
                            10 + i,
                            "m" + i % 5));
        }
        TransactionProducer.produce(bootstrap, "transactions", transactions);
    }

    private static List<Prediction> decode(List<ConsumerRecord<byte[], byte[]>> records)
            throws Exception {
        RecordCodec<Prediction> codec = WireFormat.AVRO.codec(Prediction.class);
        List<Prediction> out = new ArrayList<>();
        for (var record : records) {
            out.add(codec.decode(record.value()));
        }
        return out;
    }
}
