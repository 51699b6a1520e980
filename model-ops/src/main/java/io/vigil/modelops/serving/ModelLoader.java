package io.vigil.modelops.serving;

import io.vigil.modelops.explain.Explainer;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.onnx.OnnxModel;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.registry.ArtifactException;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelEventCheck;
import io.vigil.modelops.registry.ModelLocation;
import io.vigil.modelops.registry.RejectionCode;
import io.vigil.schemas.ModelEvent;
import java.io.IOException;
import java.util.function.Function;

/**
 * Makes a registry version ready to serve, or says why it may not: the event is checked, its
 * manifest and ONNX bytes are read from the job's artifact store by digest (never from a URI in the
 * event) and verified, its session shared through the {@link SessionCache}, its inputs and outputs
 * checked against the manifest and the job's features, and {@link WarmUp} must pass. A failure
 * leaves nothing loaded.
 */
public final class ModelLoader {

    private final ArtifactStore store;
    private final EventColumns columns;
    private final int batchSize;
    private final Function<ModelManifest, ModelMetrics> metrics;

    /**
     * @param store where registry versions are read; null when the job serves a configured model
     *     only (every registry version is then rejected)
     * @param columns what the events to score carry: the features a model may read
     */
    public ModelLoader(
            ArtifactStore store,
            EventColumns columns,
            int batchSize,
            Function<ModelManifest, ModelMetrics> metrics) {
        this.store = store;
        this.columns = columns;
        this.batchSize = batchSize;
        this.metrics = metrics;
    }

    /**
     * @throws VersionRejection saying why the version may not serve
     */
    public ServedModel load(ModelEvent ref) throws VersionRejection {
        if (ModelEventCheck.problem(ref).isPresent()) {
            throw new VersionRejection(
                    RejectionCode.INVALID_EVENT,
                    "malformed registry event: " + ModelEventCheck.problem(ref).get(),
                    null);
        }
        String id = ref.getModelName() + ":" + ref.getVersion();
        if (store == null) {
            throw new VersionRejection(
                    RejectionCode.UNREADABLE_ARTIFACT,
                    id + ": this job has no artifact store configured (vigil.registry.store)",
                    null);
        }
        ModelManifest manifest;
        try {
            manifest = store.readManifest(ref);
        } catch (ArtifactException e) {
            throw rejection(id, e);
        }
        if (!manifest.name().equals(ref.getModelName())
                || !manifest.version().equals(ref.getVersion())) {
            throw new VersionRejection(
                    RejectionCode.MANIFEST_MISMATCH,
                    id + ": its manifest describes " + manifest.id() + " instead",
                    null);
        }
        Explainer.ModelBytes modelBytes =
                () -> {
                    try {
                        return store.readModel(ref.getDigest());
                    } catch (ArtifactException e) {
                        throw new ModelLoadException(id + ": " + e.getMessage(), e);
                    }
                };
        return serve(
                ref.getEventId(),
                manifest,
                ref.getDigest(),
                () -> OnnxModel.load(modelBytes.read(), id),
                modelBytes);
    }

    /**
     * The model a job's configuration names (trusted: the platform engineer's files), served as
     * {@code eventId}.
     */
    public ServedModel loadConfigured(ModelLocation location, String eventId)
            throws VersionRejection {
        byte[] bytes;
        ModelManifest manifest;
        try {
            bytes = location.readModel();
            manifest = location.readManifest();
        } catch (IOException | IllegalArgumentException e) {
            throw new VersionRejection(
                    RejectionCode.UNREADABLE_ARTIFACT,
                    "the configured model " + location + " cannot be read: " + e.getMessage(),
                    e);
        }
        return serve(
                eventId,
                manifest,
                ArtifactStore.sha256(bytes),
                () -> OnnxModel.load(bytes, manifest.id()),
                () -> bytes);
    }

    private ServedModel serve(
            String eventId,
            ModelManifest manifest,
            String digest,
            SessionCache.Loader bytes,
            Explainer.ModelBytes modelBytes)
            throws VersionRejection {
        SessionCache.Lease lease;
        try {
            lease = SessionCache.acquire(digest, bytes);
        } catch (ModelLoadException e) {
            throw e.getCause() instanceof ArtifactException artifact
                    ? rejection(manifest.id(), artifact)
                    : new VersionRejection(RejectionCode.INCOMPATIBLE_MODEL, e.getMessage(), e);
        }
        try {
            OnnxScorer scorer;
            try {
                scorer =
                        OnnxScorer.create(
                                lease.model(),
                                lease::release,
                                manifest,
                                columns.features(),
                                columns.textFeatures(),
                                batchSize);
            } catch (ModelLoadException | RuntimeException e) {
                throw new VersionRejection(RejectionCode.INCOMPATIBLE_MODEL, e.getMessage(), e);
            }
            try {
                WarmUp.run(scorer, columns, batchSize);
            } catch (ModelLoadException | RuntimeException e) {
                throw new VersionRejection(RejectionCode.WARM_UP_FAILED, e.getMessage(), e);
            }
            Explainer explainer;
            try {
                explainer = Explainer.of(manifest, columns.features(), modelBytes);
                if (explainer != null) {
                    explainer.verify(
                            scorer, columns.features().size(), columns.textFeatures().size());
                }
            } catch (ModelLoadException | RuntimeException e) {
                throw new VersionRejection(RejectionCode.EXPLAINER_FAILED, e.getMessage(), e);
            }
            return new ServedModel(eventId, scorer, metrics.apply(manifest), explainer);
        } catch (VersionRejection e) {
            lease.release();
            throw e;
        }
    }

    private static VersionRejection rejection(String id, ArtifactException e) {
        RejectionCode code =
                switch (e.kind()) {
                    case INVALID_REFERENCE -> RejectionCode.INVALID_EVENT;
                    case UNREADABLE -> RejectionCode.UNREADABLE_ARTIFACT;
                    case DIGEST_MISMATCH -> RejectionCode.DIGEST_MISMATCH;
                    case INVALID_MANIFEST -> RejectionCode.INVALID_MANIFEST;
                };
        return new VersionRejection(code, id + ": " + e.getMessage(), e);
    }
}
