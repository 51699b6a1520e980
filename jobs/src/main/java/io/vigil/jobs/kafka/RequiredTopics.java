package io.vigil.jobs.kafka;

import io.vigil.jobs.config.KafkaAccess;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, when a job starts, that the topics it reads and writes exist: a Kafka source whose topic
 * is missing fails on its metadata and the job restarts in a loop, where one clear failure at start
 * is what a platform engineer needs. A broker that cannot be reached in time is left to the job's
 * own retries (it may be starting too).
 */
public final class RequiredTopics {

    private static final Logger LOG = LoggerFactory.getLogger(RequiredTopics.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private RequiredTopics() {}

    /**
     * @throws IllegalStateException naming every missing topic
     */
    public static void check(KafkaAccess kafka, Collection<String> topics) {
        Properties props = kafka.properties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        Set<String> existing;
        try (Admin admin = Admin.create(props)) {
            existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn(
                    "Could not list the topics on {} within {} ({}); starting anyway",
                    kafka.bootstrapServers(),
                    TIMEOUT,
                    e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
        List<String> missing = topics.stream().filter(t -> !existing.contains(t)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    "topics missing on "
                            + kafka.bootstrapServers()
                            + ": "
                            + missing
                            + ". Create them (k8s/base/topics.yaml lists every topic Vigil uses,"
                            + " with its settings) or point the vigil.topics.* and"
                            + " vigil.registry.topic options at existing ones.");
        }
    }
}
