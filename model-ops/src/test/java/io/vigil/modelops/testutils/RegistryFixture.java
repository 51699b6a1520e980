package io.vigil.modelops.testutils;

import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelEvents;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Stores test models in an artifact store under a directory and builds registry events for them.
 */
public final class RegistryFixture {

    private final ArtifactStore store;

    public RegistryFixture(Path dir) {
        this.store = new ArtifactStore(dir.toUri().toString());
    }

    public ArtifactStore store() {
        return store;
    }

    /**
     * Stores {@code onnx} as {@code version} of {@code manifest}'s model; returns its REGISTERED
     * event.
     */
    public ModelEvent register(byte[] onnx, ModelManifest manifest, String version)
            throws Exception {
        ModelManifest versioned = manifest.withVersion(version);
        ArtifactStore.StoredArtifact artifact = store.put(onnx, versioned);
        return ModelEvents.base(ModelEventType.REGISTERED, versioned.name(), "test", null)
                .setVersion(version)
                .setDigest(artifact.digest())
                .setModelUri(artifact.modelUri())
                .setManifestUri(artifact.manifestUri())
                .setManifestDigest(artifact.manifestDigest())
                .build();
    }

    public static ModelEvent alias(ModelEvent registered, String alias, long activationTime) {
        return ModelEvents.aliasMoved(
                registered, alias, List.of(), Instant.ofEpochMilli(activationTime), "test");
    }

    public static ModelEvent canary(ModelEvent registered, int percent, long activationTime) {
        return ModelEvents.base(
                        ModelEventType.CANARY_SET,
                        registered.getModelName(),
                        "test",
                        Instant.ofEpochMilli(activationTime))
                .setVersion(registered.getVersion())
                .setDigest(registered.getDigest())
                .setModelUri(registered.getModelUri())
                .setManifestUri(registered.getManifestUri())
                .setManifestDigest(registered.getManifestDigest())
                .setCanaryPercent(percent)
                .build();
    }
}
