package io.vigil.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) run as a child JVM from the
 * Kafka jars on this process's classpath. Every listener is bound to 127.0.0.1.
 *
 * <p>Guarantees: {@link #start} returns only once the broker answers; {@link #close} shuts it down
 * cleanly (forcibly after 30 s) and deletes its data when the directory was temporary. The broker
 * also stops by itself when this JVM dies, even by kill -9.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final boolean temporary;
    private final int port;

    /** The SASL/PLAIN listener's port and its user's password; 0 and null without one. */
    private final int saslPort;

    private final String saslPassword;

    /** The KRaft controller's port: the same across restarts, as the quorum's address. */
    private final int controllerPort;

    /** The KRaft cluster id its storage is formatted with: the same across restarts. */
    private final String clusterId = Uuid.randomUuid().toString();

    private Process process;
    private Thread shutdownHook;

    private EmbeddedKafkaBroker(Path directory, boolean temporary, boolean sasl) {
        this.directory = directory;
        this.temporary = temporary;
        this.port = LoopbackPorts.free();
        this.saslPort = sasl ? LoopbackPorts.free(port) : 0;
        this.saslPassword = sasl ? Uuid.randomUuid().toString() : null;
        this.controllerPort = LoopbackPorts.free(port, saslPort);
    }

    /** Starts a broker whose data lives in a new temporary directory, deleted on close. */
    public static EmbeddedKafkaBroker start() {
        try {
            return start(Files.createTempDirectory("vigil-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for Kafka", e);
        }
    }

    /** Starts a broker on {@code directory}; {@code temporary} directories are deleted on close. */
    public static EmbeddedKafkaBroker start(Path directory, boolean temporary) {
        return start(new EmbeddedKafkaBroker(directory, temporary, false));
    }

    /**
     * Starts a broker in a temporary directory with a second listener that only SASL/PLAIN clients
     * may use ({@link #saslBootstrapServers()}, {@link #saslClientSettings()}): a secured cluster's
     * stand-in for testing client settings.
     */
    public static EmbeddedKafkaBroker startWithSasl() {
        try {
            return start(
                    new EmbeddedKafkaBroker(Files.createTempDirectory("vigil-kafka-"), true, true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for Kafka", e);
        }
    }

    private static EmbeddedKafkaBroker start(EmbeddedKafkaBroker broker) {
        try {
            broker.launch();
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** {@code host:port} of the SASL/PLAIN listener ({@link #startWithSasl()} only). */
    public String saslBootstrapServers() {
        requireSasl();
        return "127.0.0.1:" + saslPort;
    }

    /** Client settings that authenticate on the SASL/PLAIN listener as its one user. */
    public Map<String, String> saslClientSettings() {
        requireSasl();
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"vigil\" password=\""
                        + saslPassword
                        + "\";");
    }

    private void requireSasl() {
        if (saslPassword == null) {
            throw new IllegalStateException(
                    "this broker has no SASL listener: start it with startWithSasl()");
        }
    }

    /** Admin client properties for this broker. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /** Creates the topics that do not exist yet, each with {@code partitions} partitions. */
    public void createTopics(int partitions, Collection<String> topics) {
        try (Admin admin = Admin.create(clientProperties())) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, partitions, (short) 1));
            }
            for (var result : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    result.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create topic " + result.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not create topics within 30 s", e);
        }
    }

    /** Path of the broker's log file (its stdout and stderr), for diagnosing failures. */
    public Path logFile() {
        return directory.resolve("broker.log");
    }

    /**
     * Stops the broker process and starts it again on the same ports and data, as an operator's
     * restart (or a crash and its recovery) would; returns once it answers. For fault tests:
     * clients see the broker disappear and come back at the same address.
     */
    public synchronized void restart() {
        stopProcess();
        LOG.info("Kafka broker on {} stopped; starting it again", bootstrapServers());
        if (shutdownHook != null) {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        launch();
        awaitReady();
    }

    private void launch() {
        Path properties = directory.resolve("server.properties");
        try {
            Files.createDirectories(directory);
            Files.writeString(properties, serverProperties(), StandardCharsets.UTF_8);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder =
                    new ProcessBuilder(
                            java,
                            "-Xms256m",
                            "-Xmx1g",
                            "-XX:+UseG1GC",
                            "-cp",
                            System.getProperty("java.class.path"),
                            BrokerProcessMain.class.getName(),
                            properties.toString(),
                            clusterId);
            builder.redirectErrorStream(true);
            builder.redirectOutput(logFile().toFile());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker process", e);
        }
        shutdownHook = new Thread(this::stopProcess, "vigil-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        LOG.info("Kafka broker starting on {} (data in {})", bootstrapServers(), directory);
    }

    private String serverProperties() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String sasl = saslPassword == null ? "" : ",SASL_PLAINTEXT://127.0.0.1:" + saslPort;
        config.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                        + port
                        + sasl
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + sasl);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put(
                "listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        if (saslPassword != null) {
            config.put("sasl.enabled.mechanisms", "PLAIN");
            config.put(
                    "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required user_vigil=\""
                            + saslPassword
                            + "\";");
        }
        config.put("log.dirs", directory.resolve("data").toString());
        config.put("num.partitions", "4");
        config.put("auto.create.topics.enable", "false");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "4");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "4");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        // Flink's KafkaSink needs transaction timeouts above checkpoint duration plus restart time.
        config.put("transaction.max.timeout.ms", String.valueOf(Duration.ofHours(1).toMillis()));
        config.put("group.initial.rebalance.delay.ms", "0");
        StringBuilder text = new StringBuilder();
        config.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Properties props = clientProperties();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "the Kafka broker exited with status "
                                    + process.exitValue()
                                    + "; last log lines:\n"
                                    + logTail());
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    LOG.info("Kafka broker ready on {}", bootstrapServers());
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    // Not up yet: try again until the deadline.
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
        throw new IllegalStateException(
                "the Kafka broker did not answer within "
                        + START_TIMEOUT
                        + "; last log lines:\n"
                        + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stopProcess();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook runs anyway.
            }
        }
        if (temporary) {
            deleteRecursively(directory);
        }
    }

    /**
     * CPU time the broker's process has used so far (zero when the platform does not report it).
     */
    public Duration cpuTime() {
        return process == null
                ? Duration.ZERO
                : process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The broker's process (a test may pin it to CPUs, measure it, or wait for it). */
    public ProcessHandle processHandle() {
        if (process == null) {
            throw new IllegalStateException("the broker is not running");
        }
        return process.toHandle();
    }

    private synchronized void stopProcess() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("Kafka broker did not stop within {}; killing it", STOP_TIMEOUT);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", root, e.getMessage());
        }
    }
}
