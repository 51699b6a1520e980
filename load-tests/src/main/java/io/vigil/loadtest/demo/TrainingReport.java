package io.vigil.loadtest.demo;

import io.vigil.modelops.onnx.OfflineScoring;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.retrainer.report.ModelEvaluation;
import io.vigil.retrainer.report.ModelEvaluations;
import io.vigil.retrainer.report.ModelReport;
import io.vigil.retrainer.training.LabelledVector;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The report {@code ./vigil train} writes next to a model: {@code <name>-<version>-report/} beside
 * its ONNX file and manifest, named in the manifest's {@value #TAG} tag. A report that cannot be
 * written is reported and left out: it never fails training.
 */
final class TrainingReport {

    /** The manifest tag naming the report, relative to the manifest's directory. */
    static final String TAG = "report";

    private TrainingReport() {}

    /**
     * Writes the report of {@code model} on {@code holdout} (vectors of {@code features}) into
     * {@code dir}; returns the model with the report named in its manifest, or unchanged when the
     * report could not be written.
     */
    static TrainedModel write(
            TrainedModel model,
            Path dir,
            List<String> features,
            List<LabelledVector> holdout,
            PrintStream out) {
        String name = model.manifest().name() + "-" + model.manifest().version() + "-report";
        try {
            boolean[] positives = new boolean[holdout.size()];
            for (int i = 0; i < positives.length; i++) {
                positives[i] = holdout.get(i).fraud();
            }
            List<double[]> rows = holdout.stream().map(LabelledVector::features).toList();
            ModelEvaluation evaluation =
                    ModelEvaluations.of(
                            model.manifest().id(),
                            model.onnx(),
                            model.manifest(),
                            features,
                            rows,
                            positives,
                            OfflineScoring.score(model.onnx(), model.manifest(), features, rows));
            Path page =
                    ModelReport.write(
                            dir.resolve(name),
                            "Model report: " + model.manifest().id(),
                            List.of(evaluation),
                            List.of());
            out.println("  report:   " + page.toAbsolutePath());
            return new TrainedModel(
                    model.onnx(),
                    model.manifest()
                            .withAdded(Map.of(), Map.of(TAG, name + "/" + ModelReport.PAGE)),
                    model.holdoutAuc());
        } catch (Exception | LinkageError e) {
            // Charts need AWT; a report is for people and must never cost the model.
            out.println("  report not written (the model is): " + e);
            return model;
        }
    }
}
