package io.vigil.cli.support;

import io.vigil.jobs.config.KafkaAccess;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How a command reaches Kafka: {@code --bootstrap H:P} and {@code --kafka-properties FILE}, the
 * client settings of a secured cluster (the same file as the jobs' {@code
 * vigil.kafka.properties-file}). Used as a picocli mixin.
 */
public final class KafkaOptions {

    /** How long a command waits for a broker before it says it cannot reach one. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--bootstrap",
            paramLabel = "H:P",
            description =
                    "Kafka bootstrap servers (default: the running demo's, else 127.0.0.1:9092).")
    String bootstrap;

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            description =
                    "Kafka client settings of a secured cluster (security.protocol, sasl.*, ssl.*),"
                            + " as the jobs' vigil.kafka.properties-file.")
    String propertiesFile;

    public String bootstrap() {
        return bootstrap != null ? bootstrap : RunningDemo.bootstrap().orElse("127.0.0.1:9092");
    }

    /** The file given with {@code --kafka-properties}, or null. */
    public String propertiesFile() {
        return propertiesFile;
    }

    /** The bootstrap servers and the client settings read from the properties file. */
    public KafkaAccess access() {
        try {
            return KafkaAccess.load(bootstrap(), propertiesFile);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    command.commandLine(), "--kafka-properties: " + e.getMessage());
        }
    }

    /**
     * Checks that the broker answers and that {@code topics} exist, before a command uses them: a
     * read-only command must neither hang on a broker that is not there nor create a topic.
     *
     * @throws CommandFailure naming the broker or the missing topics
     */
    public void requireTopics(Collection<String> topics) {
        Properties props = access().properties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, CONNECT_TIMEOUT_SECONDS * 1000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, CONNECT_TIMEOUT_SECONDS * 1000);
        Set<String> existing;
        try (Admin admin = Admin.create(props)) {
            existing =
                    admin.listTopics().names().get(CONNECT_TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw unreachable();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable();
            }
            throw new CommandFailure(
                    "Kafka at " + bootstrap() + " refused: " + e.getCause().getMessage());
        } catch (KafkaException e) {
            throw new CommandFailure(
                    "cannot connect to Kafka at " + bootstrap() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted");
        }
        List<String> missing = new ArrayList<>(topics);
        missing.removeAll(existing);
        if (!missing.isEmpty()) {
            throw new CommandFailure(
                    (missing.size() == 1
                                    ? "topic " + missing.get(0) + " does not"
                                    : "topics " + missing + " do not")
                            + " exist on "
                            + bootstrap());
        }
    }

    private CommandFailure unreachable() {
        return new CommandFailure(
                "cannot reach Kafka at "
                        + bootstrap()
                        + " (no answer within "
                        + CONNECT_TIMEOUT_SECONDS
                        + " s): start a broker there, or name one with --bootstrap H:P");
    }
}
