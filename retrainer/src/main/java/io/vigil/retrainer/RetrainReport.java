package io.vigil.retrainer;

import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.retrainer.report.ModelEvaluation;
import io.vigil.retrainer.report.ModelEvaluations;
import io.vigil.retrainer.report.ModelReport;
import io.vigil.schemas.SegmentRow;
import io.vigil.schemas.SegmentStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.util.FileUtils;

/**
 * The report of a retrained model, the champion beside it, on the same held-out served rows, with
 * the challenger's decisions by segment; stored under {@code reports/} in the artifact store. A
 * report that cannot be written is logged and left out: it never fails retraining.
 */
final class RetrainReport {

    private RetrainReport() {}

    /** A model as the report shows it: its manifest, bytes and held-out scores. */
    record Scored(ModelManifest manifest, byte[] onnx, double[] scores) {}

    /**
     * @return the stored page's URI, or null when the report could not be written
     */
    static String write(
            ArtifactStore store,
            Scored challenger,
            Scored champion,
            List<String> features,
            List<ServedRows.LabelledRow> holdout,
            String[] segments,
            Consumer<String> log) {
        Path dir = null;
        try {
            List<double[]> rows = holdout.stream().map(ServedRows.LabelledRow::features).toList();
            boolean[] positives = HoldoutScores.positives(holdout);
            ModelEvaluation challengerEvaluation =
                    evaluation(challenger, "challenger", features, rows, positives);
            ModelEvaluation championEvaluation =
                    evaluation(champion, "champion", features, rows, positives);
            SegmentStats bySegment =
                    DisparityGate.stats(
                            segments,
                            holdout,
                            challenger.scores(),
                            challenger.manifest().threshold());
            List<SegmentRow> table = new ArrayList<>();
            if (segments.length > 0) {
                table.add(bySegment.getPopulation());
                table.addAll(bySegment.getSegments());
            }
            dir = Files.createTempDirectory("vigil-report-");
            ModelReport.write(
                    dir,
                    "Model report: "
                            + challenger.manifest().id()
                            + " against "
                            + champion.manifest().id(),
                    List.of(challengerEvaluation, championEvaluation),
                    table);
            String uri =
                    store.putReport(
                            challenger.manifest().name(),
                            challenger.manifest().version(),
                            dir,
                            ModelReport.PAGE);
            log.accept("report: " + uri);
            return uri;
        } catch (Exception | LinkageError e) {
            log.accept("report not written (the model is): " + e);
            return null;
        } finally {
            if (dir != null) {
                FileUtils.deleteDirectoryQuietly(dir.toFile());
            }
        }
    }

    private static ModelEvaluation evaluation(
            Scored model,
            String role,
            List<String> features,
            List<double[]> rows,
            boolean[] positives)
            throws Exception {
        return ModelEvaluations.of(
                model.manifest().id() + " (" + role + ")",
                model.onnx(),
                model.manifest(),
                features,
                rows,
                positives,
                model.scores());
    }
}
