package io.vigil.modelops.serving;

import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.onnx.OnnxModel;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.schemas.ModelEvent;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Makes a registry version ready to serve, or says why it may not: its manifest is read, its bytes
 * verified against the digest, its session shared through the {@link SessionCache}, its inputs and
 * outputs checked against the manifest and the job's features, and a warm-up run (all-zero
 * features, empty text features) must give finite scores within [0, 1]. A failure leaves nothing
 * loaded.
 */
public final class ModelLoader {

    private final EventColumns columns;
    private final int batchSize;
    private final Function<ModelManifest, ModelMetrics> metrics;

    /**
     * @param columns what the events to score carry: the features a model may read
     */
    public ModelLoader(
            EventColumns columns, int batchSize, Function<ModelManifest, ModelMetrics> metrics) {
        this.columns = columns;
        this.batchSize = batchSize;
        this.metrics = metrics;
    }

    /**
     * @throws ModelLoadException saying why the version may not serve
     */
    public ServedModel load(ModelEvent ref) throws ModelLoadException {
        String id = ref.getModelName() + ":" + ref.getVersion();
        if (ref.getDigest() == null || ref.getModelUri() == null || ref.getManifestUri() == null) {
            throw new ModelLoadException(
                    id + ": the registry event lacks digest, model or manifest URI");
        }
        ModelManifest manifest;
        try {
            manifest = ArtifactStore.readManifest(ref.getManifestUri());
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException(id + ": " + e.getMessage(), e);
        }
        if (!manifest.name().equals(ref.getModelName())
                || !manifest.version().equals(ref.getVersion())) {
            throw new ModelLoadException(
                    id + ": its manifest describes " + manifest.id() + " instead");
        }
        SessionCache.Lease lease =
                SessionCache.acquire(
                        ref.getDigest(),
                        () -> {
                            try {
                                return OnnxModel.load(
                                        ArtifactStore.readVerified(
                                                ref.getModelUri(), ref.getDigest()),
                                        id);
                            } catch (IOException e) {
                                throw new ModelLoadException(id + ": " + e.getMessage(), e);
                            }
                        });
        try {
            OnnxScorer scorer =
                    OnnxScorer.create(
                            lease.model(),
                            lease::release,
                            manifest,
                            columns.features(),
                            columns.textFeatures(),
                            batchSize);
            String[] noText = new String[columns.textFeatures().size()];
            Arrays.fill(noText, "");
            scorer.warmUp(
                    new VectorRows()
                            .reset(
                                    new double[][] {new double[columns.features().size()]},
                                    new String[][] {noText},
                                    1));
            return new ServedModel(ref.getEventId(), scorer, metrics.apply(manifest));
        } catch (ModelLoadException | RuntimeException e) {
            lease.release();
            throw e;
        }
    }
}
