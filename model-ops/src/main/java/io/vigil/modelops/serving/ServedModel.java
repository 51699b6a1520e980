package io.vigil.modelops.serving;

import io.vigil.modelops.explain.Explainer;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;

/**
 * A model version ready to serve in one subtask: its scorer (on a shared session) and what the
 * predictions say about it. Close it to release the session.
 */
public final class ServedModel implements AutoCloseable {

    private final String eventId;
    private final OnnxScorer scorer;
    private final ModelMetrics metrics;
    private final Explainer explainer;
    final VectorRows rows = new VectorRows();

    ServedModel(String eventId, OnnxScorer scorer, ModelMetrics metrics) {
        this(eventId, scorer, metrics, null);
    }

    ServedModel(String eventId, OnnxScorer scorer, ModelMetrics metrics, Explainer explainer) {
        this.eventId = eventId;
        this.scorer = scorer;
        this.metrics = metrics;
        this.explainer = explainer;
    }

    /** What finds the reasons of its decisions; null for a version that gives none. */
    Explainer explainer() {
        return explainer;
    }

    /** Id of the registry event that made it serve. */
    public String eventId() {
        return eventId;
    }

    public OnnxScorer scorer() {
        return scorer;
    }

    public ModelManifest manifest() {
        return scorer.manifest();
    }

    public ModelMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        scorer.close();
    }
}
