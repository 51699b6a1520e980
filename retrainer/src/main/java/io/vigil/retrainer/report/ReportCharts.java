package io.vigil.retrainer.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's charts as PNG files, drawn by JFreeChart without a display. */
final class ReportCharts {

    static final int WIDTH = 560;
    static final int HEIGHT = 400;

    private ReportCharts() {}

    /** ROC curves of every model, with the diagonal of a random guess. */
    static void roc(List<ModelEvaluation> models, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (ModelEvaluation m : models) {
            List<Curves.Point> curve = Curves.roc(m);
            data.addSeries(
                    series(m.label() + String.format(" (AUC %.3f)", Curves.area(curve)), curve));
        }
        data.addSeries(series("random", List.of(new Curves.Point(0, 0), new Curves.Point(1, 1))));
        save(
                ChartFactory.createXYLineChart(
                        "ROC", "false positive rate", "true positive rate", data),
                png);
    }

    static void precisionRecall(List<ModelEvaluation> models, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (ModelEvaluation m : models) {
            data.addSeries(series(m.label(), Curves.precisionRecall(m)));
        }
        save(ChartFactory.createXYLineChart("Precision-recall", "recall", "precision", data), png);
    }

    static void calibration(List<ModelEvaluation> models, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (ModelEvaluation m : models) {
            data.addSeries(series(m.label(), Curves.calibration(m)));
        }
        data.addSeries(series("perfect", List.of(new Curves.Point(0, 0), new Curves.Point(1, 1))));
        save(
                ChartFactory.createXYLineChart(
                        "Calibration", "mean score", "observed positive rate", data),
                png);
    }

    /** Score distributions of one model's positives and negatives. */
    static void scores(ModelEvaluation model, Path png) throws IOException {
        double[][] shares = Curves.histograms(model);
        XYSeriesCollection data = new XYSeriesCollection();
        String[] names = {"negatives", "positives"};
        for (int label = 0; label < 2; label++) {
            XYSeries s = new XYSeries(names[label]);
            for (int b = 0; b < shares[label].length; b++) {
                s.add((b + 0.5) / shares[label].length, shares[label][b]);
            }
            data.addSeries(s);
        }
        save(
                ChartFactory.createXYLineChart(
                        "Scores of " + model.label(), "score", "share of the label's rows", data),
                png);
    }

    /** Mean absolute contribution per feature, largest first. */
    static void importance(ModelEvaluation model, Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map.Entry<String, Double> f : model.importance()) {
            data.addValue(f.getValue(), "mean |contribution|", f.getKey());
        }
        save(
                ChartFactory.createBarChart(
                        "Feature importance of " + model.label(),
                        "feature",
                        "mean absolute contribution",
                        data,
                        PlotOrientation.HORIZONTAL,
                        false,
                        false,
                        false),
                png);
    }

    private static XYSeries series(String name, List<Curves.Point> points) {
        XYSeries s = new XYSeries(name, false, true);
        points.forEach(p -> s.add(p.x(), p.y()));
        return s;
    }

    private static void save(JFreeChart chart, Path png) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }
}
