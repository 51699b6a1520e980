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

    /**
     * @return the stored page's URI, or null when the report could not be written
     */
    static String write(
            ArtifactStore store,
            ModelManifest challenger,
            byte[] challengerOnnx,
            ModelManifest champion,
            byte[] championOnnx,
            List<String> features,
            List<ServedRows.LabelledRow> holdout,
            String[] segments,
            Consumer<String> log) {
        Path dir = null;
        try {
            List<double[]> rows = holdout.stream().map(ServedRows.LabelledRow::features).toList();
            boolean[] positives = new boolean[holdout.size()];
            for (int i = 0; i < positives.length; i++) {
                positives[i] = holdout.get(i).fraud();
            }
            ModelEvaluation challengerEvaluation =
                    ModelEvaluations.of(
                            challenger.id() + " (challenger)",
                            challengerOnnx,
                            challenger,
                            features,
                            rows,
                            positives);
            ModelEvaluation championEvaluation =
                    ModelEvaluations.of(
                            champion.id() + " (champion)",
                            championOnnx,
                            champion,
                            features,
                            rows,
                            positives);
            SegmentStats bySegment =
                    DisparityGate.stats(
                            segments,
                            holdout,
                            challengerEvaluation.scores(),
                            challenger.threshold());
            List<SegmentRow> table = new ArrayList<>();
            if (segments.length > 0) {
                table.add(bySegment.getPopulation());
                table.addAll(bySegment.getSegments());
            }
            dir = Files.createTempDirectory("vigil-report-");
            ModelReport.write(
                    dir,
                    "Model report: " + challenger.id() + " against " + champion.id(),
                    List.of(challengerEvaluation, championEvaluation),
                    table);
            String uri =
                    store.putReport(challenger.name(), challenger.version(), dir, ModelReport.PAGE);
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
}
