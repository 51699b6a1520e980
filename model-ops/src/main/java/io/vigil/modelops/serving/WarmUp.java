package io.vigil.modelops.serving;

import ai.onnxruntime.OrtException;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import java.util.Random;

/**
 * The runs a version must pass before it may serve: one all-zero row (empty text features) whose
 * score must be within the output's range, then a full micro-batch of varied rows (zeros, small and
 * large non-negative values, as counts and amounts are; varied texts) whose scores must all be
 * finite. The second run catches models that work on one row only (a graph fixed to batch size 1)
 * or break on ordinary values; the rows are the same on every run, so a version passes or fails
 * alike on every subtask.
 */
final class WarmUp {

    private static final String[] TEXTS = {"", "a", "unknown", "0", "Z"};

    private WarmUp() {}

    static void run(OnnxScorer scorer, EventColumns columns, int batchSize)
            throws ModelLoadException {
        scorer.warmUp(rows(columns, 1));
        if (batchSize <= 1) {
            return;
        }
        VectorRows varied = rows(columns, batchSize);
        double[] scores = new double[batchSize];
        try {
            scorer.score(varied, scores);
        } catch (OrtException e) {
            throw new ModelLoadException(
                    "model "
                            + scorer.manifest().id()
                            + " failed its warm-up run of "
                            + batchSize
                            + " rows: "
                            + e.getMessage(),
                    e);
        }
        for (double score : scores) {
            if (!Double.isFinite(score)) {
                throw new ModelLoadException(
                        "model "
                                + scorer.manifest().id()
                                + " gave a non-finite score in its warm-up run of "
                                + batchSize
                                + " varied rows");
            }
        }
    }

    /** {@code count} rows: the first all zero, the others varied (seeded, so always the same). */
    static VectorRows rows(EventColumns columns, int count) {
        Random random = new Random(20261129L);
        double[][] numbers = new double[count][columns.features().size()];
        String[][] texts = new String[count][columns.textFeatures().size()];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < numbers[i].length; j++) {
                numbers[i][j] =
                        switch (i % 4) {
                            case 0 -> 0;
                            case 1 -> random.nextDouble();
                            case 2 -> random.nextDouble() * 100;
                            default -> random.nextDouble() * 10_000;
                        };
            }
            for (int j = 0; j < texts[i].length; j++) {
                texts[i][j] = i == 0 ? "" : TEXTS[(i + j) % TEXTS.length];
            }
        }
        return new VectorRows().reset(numbers, texts, count);
    }
}
