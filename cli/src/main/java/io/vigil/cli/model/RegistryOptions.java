package io.vigil.cli.model;

import io.vigil.cli.support.KafkaOptions;
import io.vigil.jobs.config.KafkaAccess;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the registry lives: its topic, its artifact store, and the broker (a picocli mixin). */
final class RegistryOptions {

    @Mixin KafkaOptions kafka;

    @Option(
            names = "--topic",
            paramLabel = "T",
            defaultValue = "model-events",
            description = "Registry topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--store",
            paramLabel = "URI",
            description =
                    "Artifact store of the registry (default: .vigil/registry under this"
                            + " directory).")
    String store;

    @Option(
            names = "--actor",
            paramLabel = "NAME",
            description = "Who makes the change, recorded in the event (default: the user name).")
    String actor;

    String actor() {
        return actor != null ? actor : System.getProperty("user.name", "unknown");
    }

    /**
     * The registry, after checking that its topic exists: for commands that only read or move
     * aliases.
     */
    ModelRegistry existing() {
        kafka.requireTopics(List.of(topic));
        return open();
    }

    /** The registry, creating its topic if needed: for registering a version. */
    ModelRegistry creatingTopic() {
        kafka.requireTopics(List.of());
        ModelRegistry registry = open();
        registry.ensureTopic();
        return registry;
    }

    private ModelRegistry open() {
        KafkaAccess access = kafka.access();
        String uri =
                store != null
                        ? store
                        : Path.of(".vigil", "registry").toAbsolutePath().toUri().toString();
        return new ModelRegistry(
                access.bootstrapServers(),
                access.clientProperties(),
                topic,
                new ArtifactStore(uri));
    }
}
