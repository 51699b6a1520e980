package io.vigil.modelops.registry;

import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds registry events and their keys on the compacted model-events topic. */
public final class ModelEvents {

    /** Default name of the compacted topic registry changes go to. */
    public static final String DEFAULT_TOPIC = "model-events";

    private ModelEvents() {}

    /**
     * Compaction key: what the event is about, so the topic keeps the latest state of each thing.
     * Versions: {@code version/<name>/<v>}; aliases: {@code alias/<name>/<alias>}; canary: {@code
     * canary/<name>}.
     */
    public static String key(ModelEvent event) {
        return switch (event.getType()) {
            case ALIAS_MOVED -> "alias/" + event.getModelName() + "/" + event.getAlias();
            case CANARY_SET -> "canary/" + event.getModelName();
            default -> "version/" + event.getModelName() + "/" + event.getVersion();
        };
    }

    public static ModelEvent.Builder base(
            ModelEventType type, String model, String actor, Instant activation) {
        Instant now = Instant.now();
        return ModelEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setType(type)
                .setModelName(model)
                .setActor(actor)
                .setActivationTime(activation == null ? now : activation)
                .setCreatedAt(now)
                .setMetrics(Map.of())
                .setPreviousVersions(List.of());
    }

    /**
     * A copy of {@code registered} pointing {@code alias} at its version, with the alias's history.
     */
    public static ModelEvent aliasMoved(
            ModelEvent registered,
            String alias,
            List<String> previousVersions,
            Instant activation,
            String actor) {
        return base(ModelEventType.ALIAS_MOVED, registered.getModelName(), actor, activation)
                .setVersion(registered.getVersion())
                .setDigest(registered.getDigest())
                .setModelUri(registered.getModelUri())
                .setManifestUri(registered.getManifestUri())
                .setManifestDigest(registered.getManifestDigest())
                .setAlias(alias)
                .setPreviousVersions(previousVersions)
                .build();
    }
}
