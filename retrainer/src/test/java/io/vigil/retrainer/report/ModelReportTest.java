package io.vigil.retrainer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.retrainer.training.Auc;
import io.vigil.schemas.SegmentRow;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model report: its curves' numbers, its charts as real PNGs, its page's content. */
class ModelReportTest {

    @TempDir Path dir;

    /** Scores that separate the labels with overlap (ties included: two decimals). */
    private static ModelEvaluation evaluation(String label, double separation, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 2000;
        double[] scores = new double[n];
        boolean[] positives = new boolean[n];
        for (int i = 0; i < n; i++) {
            positives[i] = random.nextDouble() < 0.1;
            double s = random.nextDouble() * (1 - separation) + (positives[i] ? separation : 0);
            scores[i] = Math.round(s * 100) / 100.0;
        }
        return new ModelEvaluation(
                label,
                scores,
                positives,
                0.5,
                List.of(Map.entry("amount", 1.2), Map.entry("count_1h", 0.4)));
    }

    @Test
    void theRocCurvesAreaIsTheRankAuc() {
        ModelEvaluation e = evaluation("m", 0.4, 1);

        assertThat(Curves.area(Curves.roc(e)))
                .isCloseTo(Auc.of(e.scores(), e.positives()), within(1e-12));
        assertThat(Curves.roc(e).get(0)).isEqualTo(new Curves.Point(0, 0));
        assertThat(Curves.roc(e).get(Curves.roc(e).size() - 1)).isEqualTo(new Curves.Point(1, 1));
    }

    @Test
    void theReportIsAPageWithItsChartsAndEveryTextEscaped() throws Exception {
        ModelEvaluation challenger = evaluation("fraud-lr:2", 0.5, 2);
        ModelEvaluation champion = evaluation("fraud-lr:1", 0.2, 3);
        SegmentRow es =
                SegmentRow.newBuilder()
                        .setSegment("country")
                        .setValue("<b>ES</b>")
                        .setPredictions(1200)
                        .setLabelled(1200)
                        .setPositives(40)
                        .setFlagRate(0.07)
                        .setFlagRateRatio(2.6)
                        .setEqualizedOddsGap(0.044)
                        .build();

        Path page =
                ModelReport.write(
                        dir.resolve("report"),
                        "Model report <script>",
                        List.of(challenger, champion),
                        List.of(es));

        String html = Files.readString(page);
        assertThat(page.getFileName().toString()).isEqualTo(ModelReport.PAGE);
        assertThat(html)
                .contains("Model report &lt;script&gt;")
                .doesNotContain("<script>")
                .contains("&lt;b&gt;ES&lt;/b&gt;")
                .contains("<td>2.600</td>")
                .contains(
                        String.format(
                                "<td>%.3f</td>",
                                Auc.of(challenger.scores(), challenger.positives())));
        for (String png :
                List.of(
                        "roc.png",
                        "precision-recall.png",
                        "calibration.png",
                        "scores-0.png",
                        "scores-1.png",
                        "importance-0.png")) {
            assertThat(html).contains("src=\"" + png + "\"");
            BufferedImage image = ImageIO.read(dir.resolve("report").resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(image.getWidth()).isEqualTo(ReportCharts.WIDTH);
        }
    }
}
