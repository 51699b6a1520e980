package io.vigil.modelops.registry;

import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.RecordDecodingException;
import io.vigil.schemas.codec.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The model registry: artifacts in an {@link ArtifactStore}, changes as {@link ModelEvent}s on a
 * compacted Kafka topic (one partition, so every reader sees one order). Every change is checked
 * against the current state first and fails with a message saying what to do instead.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrap;
    private final Map<String, String> clientProperties;
    private final String topic;
    private final ArtifactStore store;
    private final KafkaProducer<byte[], byte[]> producer;
    private final RecordCodec<ModelEvent> codec = WireFormat.AVRO.codec(ModelEvent.class);

    public ModelRegistry(String bootstrap, String topic, ArtifactStore store) {
        this(bootstrap, Map.of(), topic, store);
    }

    /**
     * @param clientProperties Kafka client settings (security, credentials) for every client the
     *     registry uses
     */
    public ModelRegistry(
            String bootstrap,
            Map<String, String> clientProperties,
            String topic,
            ArtifactStore store) {
        this.bootstrap = bootstrap;
        this.clientProperties = Map.copyOf(clientProperties);
        this.topic = topic;
        this.store = store;
        Properties props = baseProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * The configured client settings and the bootstrap servers: the base of every client's
     * properties.
     */
    private Properties baseProperties() {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }

    /** Creates the compacted, single-partition control topic if it does not exist. */
    public void ensureTopic() {
        ensureTopic(baseProperties(), topic);
    }

    /**
     * Creates a compacted, single-partition registry topic if it does not exist (a plain, unsecured
     * connection).
     */
    public static void ensureTopic(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        ensureTopic(props, topic);
    }

    private static void ensureTopic(Properties adminProperties, String topic) {
        try (Admin admin = Admin.create(adminProperties)) {
            NewTopic newTopic =
                    new NewTopic(topic, 1, (short) 1)
                            .configs(
                                    Map.of(
                                            TopicConfig.CLEANUP_POLICY_CONFIG,
                                            TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create the registry topic "
                                + topic
                                + ": "
                                + e.getCause().getMessage(),
                        e);
            }
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot create the registry topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The artifact store versions are stored in and read from. */
    public ArtifactStore store() {
        return store;
    }

    /** Reads the whole topic: the registry as it is now. */
    public RegistryState read() {
        Properties props = baseProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Reading never creates the topic, even on a broker that creates topics on first use.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        RegistryState state = new RegistryState();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, TIMEOUT).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read the registry topic " + topic + " within " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        try {
                            state.apply(codec.decode(record.value()));
                        } catch (RecordDecodingException e) {
                            // Not a registry event (written by something else): skip it, never fail
                            // on it.
                            state.skipUndecodable();
                        }
                    }
                }
            }
        }
        return state;
    }

    /**
     * Stores and registers a version after checking it loads and matches its manifest.
     *
     * @throws IllegalArgumentException if the version exists already or the model does not match
     *     its manifest
     */
    public ModelEvent register(byte[] onnx, ModelManifest manifest, String actor)
            throws IOException {
        RegistryState state = read();
        if (state.version(manifest.name(), manifest.version()).isPresent()) {
            throw new IllegalArgumentException(
                    manifest.id() + " is registered already: give the new model another version");
        }
        try (OnnxScorer scorer = OnnxScorer.load(onnx, manifest, manifest.featureNames(), 1)) {
            // Loading checked inputs, outputs and the positive class's form; scoring is checked by
            // each job's warm-up.
        } catch (ModelLoadException e) {
            throw new IllegalArgumentException("not registered: " + e.getMessage(), e);
        }
        ArtifactStore.StoredArtifact artifact = store.put(onnx, manifest);
        ModelEvent event =
                ModelEvents.base(ModelEventType.REGISTERED, manifest.name(), actor, null)
                        .setVersion(manifest.version())
                        .setDigest(artifact.digest())
                        .setModelUri(artifact.modelUri())
                        .setManifestUri(artifact.manifestUri())
                        .setManifestDigest(artifact.manifestDigest())
                        .setMetrics(manifest.metrics())
                        .build();
        return publish(event);
    }

    /** Points {@code alias} at {@code version} from {@code activation} on (event time). */
    public ModelEvent moveAlias(
            String model, String version, String alias, Instant activation, String actor) {
        return moveAlias(model, version, alias, activation, actor, null, Map.of());
    }

    /**
     * Points {@code alias} at {@code version} from {@code activation} on (event time), saying why
     * and on which evidence (e.g. a promotion on live results), for people reading the history.
     */
    public ModelEvent moveAlias(
            String model,
            String version,
            String alias,
            Instant activation,
            String actor,
            String reason,
            Map<String, Double> evidence) {
        RegistryState state = read();
        RegistryState.VersionInfo info =
                state.version(model, version)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                model
                                                        + ":"
                                                        + version
                                                        + " is not registered; registered versions:"
                                                        + " "
                                                        + versionsOf(state, model)));
        if (!info.status().equals("registered")) {
            throw new IllegalArgumentException(
                    model + ":" + version + " is " + info.status() + " and cannot serve");
        }
        ModelEvent moved =
                ModelEvents.aliasMoved(
                        info.registration(),
                        alias,
                        state.historyAfterMove(model, alias),
                        activation,
                        actor);
        moved.setReason(reason);
        moved.setMetrics(evidence);
        return publish(moved);
    }

    /** Returns {@code alias} to the version it pointed to before its last move. */
    public ModelEvent rollback(String model, String alias, Instant activation, String actor) {
        RegistryState state = read();
        ModelEvent current =
                state.alias(model, alias)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                model
                                                        + " has no alias '"
                                                        + alias
                                                        + "' to roll back"));
        for (String previous : current.getPreviousVersions()) {
            var info = state.version(model, previous);
            if (info.isPresent() && info.get().status().equals("registered")) {
                List<String> rest =
                        current.getPreviousVersions()
                                .subList(
                                        current.getPreviousVersions().indexOf(previous) + 1,
                                        current.getPreviousVersions().size());
                return publish(
                        ModelEvents.aliasMoved(
                                info.get().registration(), alias, rest, activation, actor));
            }
        }
        throw new IllegalArgumentException(
                model + ":" + alias + " has no earlier servable version to return to");
    }

    /** Lets {@code version} decide for {@code percent}% of entities (0 stops the canary). */
    public ModelEvent setCanary(
            String model, String version, int percent, Instant activation, String actor) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException(
                    "a canary percentage is within 0..100 (was " + percent + ")");
        }
        RegistryState state = read();
        ModelEvent.Builder event =
                ModelEvents.base(ModelEventType.CANARY_SET, model, actor, activation)
                        .setCanaryPercent(percent);
        if (percent > 0) {
            RegistryState.VersionInfo info =
                    state.version(model, version)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    model
                                                            + ":"
                                                            + version
                                                            + " is not registered; registered"
                                                            + " versions: "
                                                            + versionsOf(state, model)));
            ModelEvent r = info.registration();
            event.setVersion(version)
                    .setDigest(r.getDigest())
                    .setModelUri(r.getModelUri())
                    .setManifestUri(r.getManifestUri())
                    .setManifestDigest(r.getManifestDigest());
        }
        return publish(event.build());
    }

    /** Retires a version that no alias or canary uses. */
    public ModelEvent retire(String model, String version, String reason, String actor) {
        RegistryState state = read();
        ModelEvent registration =
                state.version(model, version)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                model + ":" + version + " is not registered"))
                        .registration();
        state.aliases(model)
                .forEach(
                        (alias, event) -> {
                            if (version.equals(event.getVersion())) {
                                throw new IllegalArgumentException(
                                        model
                                                + ":"
                                                + version
                                                + " is the "
                                                + alias
                                                + "; move the alias first");
                            }
                        });
        return publish(
                ModelEvent.newBuilder(registration)
                        .setEventId(UUID.randomUUID().toString())
                        .setType(ModelEventType.RETIRED)
                        .setReason(reason)
                        .setActor(actor)
                        .setCreatedAt(Instant.now())
                        .build());
    }

    /** Writes one event and waits for the broker's acknowledgement. */
    public ModelEvent publish(ModelEvent event) {
        try {
            producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    ModelEvents.key(event).getBytes(StandardCharsets.UTF_8),
                                    codec.encode(event)))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "could not write to the registry topic " + topic + ": " + e.getMessage(), e);
        }
        return event;
    }

    private static String versionsOf(RegistryState state, String model) {
        return state.versions(model).stream()
                .map(v -> v.registration().getVersion())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
