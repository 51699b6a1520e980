package io.vigil.modelops.serving;

import ai.onnxruntime.OrtException;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.schemas.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one micro-batch whose rows may be served by different versions (a swap inside the batch, a
 * canary share, a shadow): rows are grouped by model so each model runs once per batch. A model
 * whose run fails or gives a non-finite score is reported, not thrown: the caller quarantines it.
 */
final class BatchScoring {

    private static final Logger LOG = LoggerFactory.getLogger(BatchScoring.class);

    private final IdentityHashMap<ServedModel, List<Integer>> groups = new IdentityHashMap<>();
    private double[][] groupRows = new double[0][];
    private String[][] groupTexts = new String[0][];
    private double[] groupScores = new double[0];
    private List<Reason>[] groupReasons = newReasons(0);

    /**
     * Scores {@code rows[i]} (with text features {@code texts[i]}) with {@code models[i]} into
     * {@code scores[i]} for {@code i < count}, and, when {@code reasons} is given, the reasons of
     * models with an explainer into {@code reasons[i]}; rows whose model is null are skipped.
     *
     * @return the models that failed (an ONNX Runtime error or a non-finite score); their rows'
     *     scores are not set
     */
    List<ServedModel> score(
            double[][] rows,
            String[][] texts,
            ServedModel[] models,
            int count,
            double[] scores,
            List<Reason>[] reasons) {
        List<ServedModel> failed = new ArrayList<>(0);
        groups.clear();
        for (int i = 0; i < count; i++) {
            if (models[i] != null) {
                groups.computeIfAbsent(models[i], m -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<ServedModel, List<Integer>> group : groups.entrySet()) {
            List<Integer> indexes = group.getValue();
            int n = indexes.size();
            if (groupRows.length < n) {
                groupRows = new double[Math.max(n, 2 * groupRows.length)][];
                groupTexts = new String[groupRows.length][];
                groupScores = new double[groupRows.length];
                groupReasons = newReasons(groupRows.length);
            }
            for (int j = 0; j < n; j++) {
                groupRows[j] = rows[indexes.get(j)];
                groupTexts[j] = texts[indexes.get(j)];
            }
            ServedModel model = group.getKey();
            long start = System.nanoTime();
            if (!run(model, n, failed) || !explain(model, n, reasons != null, failed)) {
                continue;
            }
            model.metrics().scored(n, (System.nanoTime() - start) / 1000 / n);
            for (int j = 0; j < n; j++) {
                scores[indexes.get(j)] = groupScores[j];
                if (reasons != null) {
                    reasons[indexes.get(j)] = groupReasons[j];
                    groupReasons[j] = null;
                }
                model.metrics().score(groupScores[j]);
                if (!model.manifest().output().holds(groupScores[j])) {
                    // A score outside the output's range (not a probability) is an error, counted
                    // per version.
                    model.metrics().error();
                }
                groupRows[j] = null;
                groupTexts[j] = null;
            }
        }
        return failed;
    }

    /**
     * Finds the reasons of the group's scores if wanted and the model has an explainer; false (and
     * the model added to {@code failed}) when its extra runs fail.
     */
    private boolean explain(ServedModel model, int n, boolean wanted, List<ServedModel> failed) {
        if (!wanted || model.explainer() == null) {
            return true;
        }
        try {
            model.explainer()
                    .explain(model.scorer(), groupRows, groupTexts, n, groupScores, groupReasons);
            return true;
        } catch (OrtException | ModelLoadException | RuntimeException e) {
            return failed(model, n, failed, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Reason>[] newReasons(int size) {
        return (List<Reason>[]) new List<?>[size];
    }

    /** Runs one model on the group; false (and the model added to {@code failed}) on failure. */
    private boolean run(ServedModel model, int n, List<ServedModel> failed) {
        try {
            model.scorer().score(model.rows.reset(groupRows, groupTexts, n), groupScores);
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(groupScores[j])) {
                    throw new ArithmeticException("non-finite score in row " + j + " of " + n);
                }
            }
            return true;
        } catch (OrtException | ModelLoadException | RuntimeException e) {
            return failed(model, n, failed, e);
        }
    }

    private boolean failed(ServedModel model, int n, List<ServedModel> failed, Exception e) {
        model.metrics().error();
        LOG.error(
                "Model {} failed on a batch of {} rows; quarantining it",
                model.manifest().id(),
                n,
                e);
        failed.add(model);
        Arrays.fill(groupRows, 0, n, null);
        Arrays.fill(groupTexts, 0, n, null);
        Arrays.fill(groupReasons, 0, n, null);
        return false;
    }
}
