package io.vigil.retrainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.schemas.RetrainRequest;
import io.vigil.schemas.codec.WireFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrainer's entry point as a Deployment runs it: its own JVM, options as arguments, a real
 * broker; it answers a request and stops cleanly on SIGTERM. A configuration mistake ends it with
 * status 2 and one line.
 */
class RetrainerMainITCase {

    private static EmbeddedKafkaBroker broker;

    @TempDir static Path dir;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void answersARequestAndStopsOnSigterm() throws Exception {
        ModelRegistry.ensureTopic(broker.bootstrapServers(), "model-events");
        broker.createTopics(1, List.of("retrain-requests", "predictions", "labels"));
        Process retrainer =
                launch(
                        "--vigil.kafka.bootstrap-servers", broker.bootstrapServers(),
                        "--vigil.registry.store", dir.resolve("store").toUri().toString(),
                        "--vigil.retrainer.retry-every", "1 s");
        BlockingQueue<String> lines = follow(retrainer);
        try {
            awaitLine(lines, "following retrain-requests on " + broker.bootstrapServers());
            send(request("nobody:1:DRIFT:1"));

            String answer = awaitLine(lines, "done: ");
            assertThat(answer).contains("nobody has no champion to retrain");
        } finally {
            retrainer.destroy(); // SIGTERM, as Kubernetes stops a pod
        }
        assertThat(retrainer.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
    }

    @Test
    void aConfigurationMistakeIsOneLineAndStatusTwo() throws Exception {
        Process retrainer = launch("--vigil.retrainer.holdout-share", "2");
        BlockingQueue<String> lines = follow(retrainer);

        assertThat(retrainer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(retrainer.exitValue()).isEqualTo(2);
        List<String> printed = new ArrayList<>();
        lines.drainTo(printed);
        assertThat(printed)
                .singleElement()
                .asString()
                .startsWith("vigil retrainer: invalid retrainer configuration")
                .contains("vigil.kafka.bootstrap-servers is required")
                .contains("vigil.registry.store is required")
                .contains("holdoutShare must be within (0, 1)");
    }

    private static Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RetrainerMain.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The process's output, a line at a time, as it comes. */
    private static BlockingQueue<String> follow(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                for (String line = in.readLine();
                                        line != null;
                                        line = in.readLine()) {
                                    lines.add(line);
                                }
                            } catch (IOException e) {
                                // the process ended
                            }
                        },
                        "retrainer-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String awaitLine(BlockingQueue<String> lines, String part)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
                if (line.contains(part)) {
                    return line;
                }
            }
        }
        throw new AssertionError("no line with '" + part + "' within 90 s; printed: " + seen);
    }

    private static RetrainRequest request(String id) {
        return RetrainRequest.newBuilder()
                .setRequestId(id)
                .setModelName("nobody")
                .setModelVersion("1")
                .setTrigger("DRIFT")
                .setReason("a test request")
                .setEvidence(List.of())
                .setWindowEnd(Instant.parse("2026-11-28T12:00:00Z"))
                .setRequestedAt(Instant.now())
                .build();
    }

    private static void send(RetrainRequest request) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(
                            new ProducerRecord<>(
                                    "retrain-requests",
                                    request.getModelName().getBytes(StandardCharsets.UTF_8),
                                    WireFormat.AVRO.codec(RetrainRequest.class).encode(request)))
                    .get();
        }
    }
}
