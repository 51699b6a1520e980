package io.vigil.loadtest.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.jobs.testutils.TransactionProducer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs docs/bring-your-own-events.md as written: writes its files into an empty directory, then
 * runs each of its commands with the repository's {@code vigil} script from that directory against
 * a real broker, with generated payments and chargebacks as the team's history and live traffic.
 * Each step must succeed and produce what the guide says.
 */
class BringYourOwnEventsGuideITCase {

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path GUIDE = REPO.resolve("docs/bring-your-own-events.md");
    private static final Pattern BLOCK =
            Pattern.compile("```(\\w+)(?: file=(\\S+))?\\n(.*?)```", Pattern.DOTALL);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(4);

    @TempDir Path work;

    @Test
    void everyStepOfTheGuideWorksFromAnEmptyDirectory() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        List<String> commands = new ArrayList<>();
        Matcher block = BLOCK.matcher(Files.readString(GUIDE));
        while (block.find()) {
            if (block.group(2) != null) {
                files.put(block.group(2), block.group(3));
            } else if (block.group(1).equals("bash")) {
                block.group(3).lines().filter(l -> !l.isBlank()).forEach(commands::add);
            }
        }
        assertThat(files).containsKeys("payments.avsc", "payments.yaml", "vigil.conf");
        assertThat(commands).hasSizeGreaterThanOrEqualTo(10);

        Payments payments = new Payments(new SplittableRandom(11));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(
                    1,
                    List.of(
                            "payments",
                            "predictions",
                            "dead-letters",
                            "labels",
                            "drift-stats",
                            "performance-stats",
                            "retrain-requests"));
            for (Map.Entry<String, String> file : files.entrySet()) {
                String text =
                        file.getValue()
                                .replace("127.0.0.1:9092", broker.bootstrapServers())
                                .replace(
                                        "file:///tmp/payments-checkpoints",
                                        work.resolve("checkpoints").toUri().toString());
                Files.writeString(work.resolve(file.getKey()), text);
            }
            payments.writeHistory(work.resolve("history"));

            Process jobs = null;
            try {
                for (String command : commands) {
                    if (command.contains(" run ")) {
                        jobs = start(command, broker, work.resolve("run.log"));
                        TransactionProducer.sendAll(broker.bootstrapServers(), payments.live());
                        TransactionProducer.sendAll(broker.bootstrapServers(), payments.decided());
                        continue;
                    }
                    String output = run(command, broker);
                    check(command, output);
                }
            } finally {
                if (jobs != null) {
                    jobs.destroy();
                    jobs.waitFor(60, TimeUnit.SECONDS);
                }
            }
            assertThat(Files.readString(work.resolve("run.log")))
                    .as("the jobs ran and stopped on the signal")
                    .contains("running ScoringJob and MonitoringJob")
                    .contains("stopping");
        }
    }

    /** What each command of the guide must have printed or written. */
    private void check(String command, String output) throws IOException {
        if (command.contains("features validate")) {
            assertThat(output).contains("payments.yaml is valid: 2 entities, 9 features");
        } else if (command.contains("features backfill")) {
            assertThat(output).containsPattern("wrote [\\d,]+ rows \\([\\d,]+ labelled\\)");
            assertThat(Files.readAllLines(work.resolve("training.csv")).get(0))
                    .startsWith("transactionId,eventTime,amount,account_count_1h");
        } else if (command.contains(" train ")) {
            assertThat(output).contains("holdout").contains("models/payments-lr-1.onnx");
        } else if (command.contains("model score")) {
            assertThat(Files.readAllLines(work.resolve("scores.csv")).size()).isGreaterThan(100);
        } else if (command.contains("model profile")) {
            assertThat(Files.readString(work.resolve("models/payments-lr-1.yaml")))
                    .contains("profile:");
        } else if (command.contains("tail predictions")) {
            assertThat(output.lines().filter(l -> l.startsWith("{")).toList())
                    .hasSize(5)
                    .allSatisfy(
                            l ->
                                    assertThat(l)
                                            .contains("\"modelName\":\"payments-lr\"")
                                            .contains("\"merchant\":")
                                            .contains("\"explainer\":\"linear\"")
                                            .contains("\"reasons\":[{\"feature\":")
                                            .doesNotContain("acct-"));
        } else if (command.contains("tail dead-letters")) {
            assertThat(output).contains("\"reasonCode\":");
        } else if (command.contains("tail drift-stats")) {
            assertThat(output).contains("\"modelName\":\"payments-lr\"").contains("\"psi\"");
        }
    }

    /** Runs one line of the guide in the working directory; fails on a non-zero exit. */
    private String run(String command, EmbeddedKafkaBroker broker) throws Exception {
        Path log = work.resolve("step.log");
        Process process = start(command, broker, log);
        boolean ended = process.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String output = Files.readString(log);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as("ended in time: " + command + "\n" + output).isTrue();
        assertThat(process.exitValue()).as(command + "\n" + output).isZero();
        return output;
    }

    private Process start(String command, EmbeddedKafkaBroker broker, Path log) throws IOException {
        String line = command.replace("~/vigil/vigil", REPO.resolve("vigil").toString());
        ProcessBuilder builder =
                new ProcessBuilder("bash", "-c", line)
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().put("KAFKA", broker.bootstrapServers());
        builder.environment().put("PWD", work.toString());
        builder.environment().put("VIGIL_NO_BUILD", "1"); // this build made the classes
        return builder.start();
    }

    /**
     * A payment team's traffic: 40 accounts, mostly small payments at their usual merchants; fraud
     * is a large payment at a new merchant, charged back days later.
     */
    private static final class Payments {
        private final SplittableRandom random;
        private final List<ProducerRecord<byte[], byte[]>> live = new ArrayList<>();
        private final List<ProducerRecord<byte[], byte[]>> decided = new ArrayList<>();
        private int count;

        Payments(SplittableRandom random) {
            this.random = random;
        }

        void writeHistory(Path dir) throws IOException {
            Files.createDirectories(dir);
            List<String> payments = new ArrayList<>();
            List<String> chargebacks = new ArrayList<>();
            long t = Instant.now().minus(Duration.ofDays(10)).toEpochMilli();
            long end = Instant.now().minus(Duration.ofHours(5)).toEpochMilli();
            while (t < end) {
                t += 1 + random.nextInt(8 * 60_000);
                boolean fraud = random.nextInt(25) == 0;
                payments.add(payment(t, fraud));
                if (fraud || random.nextInt(4) == 0) {
                    chargebacks.add(chargeback(t, fraud, 3 * 86_400_000L));
                }
            }
            Files.write(dir.resolve("payments.jsonl"), payments);
            Files.write(dir.resolve("chargebacks.jsonl"), chargebacks);
            long now = System.currentTimeMillis();
            for (long s = end; s < now - 60_000; s += 30_000 + random.nextInt(30_000)) {
                boolean fraud = random.nextInt(25) == 0;
                live.add(record("payments", payment(s, fraud)));
                if (fraud) {
                    decided.add(record("labels", chargeback(s, true, 60_000)));
                }
            }
            live.add(record("payments", "{\"id\": \"broken-1\", \"at\": \"yesterday\"}"));
            live.add(record("payments", "not json at all"));
        }

        List<ProducerRecord<byte[], byte[]>> live() {
            return live;
        }

        List<ProducerRecord<byte[], byte[]>> decided() {
            return decided;
        }

        private String payment(long at, boolean fraud) {
            int account = random.nextInt(40);
            String merchant =
                    fraud
                            ? "shop-new-" + random.nextInt(1000)
                            : "shop-" + (account % 7 + random.nextInt(3));
            double amount = fraud ? 800 + random.nextInt(3000) : 5 + random.nextInt(120);
            String channel = List.of("WEB", "APP", "POS").get(random.nextInt(3));
            return String.format(
                    "{\"id\": \"p%d\", \"at\": %d, \"account\": \"acct-%d\", \"merchant\": \"%s\","
                            + " \"amount\": %.2f, \"channel\": \"%s\", \"email\": null}",
                    count++, at, account, merchant, amount, channel);
        }

        /** The chargeback of the latest payment, decided {@code after} ms after it. */
        private String chargeback(long at, boolean fraud, long after) {
            return String.format(
                    "{\"payment\": \"p%d\", \"outcome\": \"%s\", \"decidedAt\": %d}",
                    count - 1, fraud ? "FRAUD" : "GENUINE", at + after);
        }

        private static ProducerRecord<byte[], byte[]> record(String topic, String value) {
            return new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
