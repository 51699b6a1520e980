package io.vigil.retrainer.report;

import io.vigil.schemas.SegmentRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A model report for people: one HTML page with PNG charts in a directory of its own, showing a
 * model's held-out quality (ROC and precision-recall curves, calibration, score distributions by
 * label, feature importance) and, when given, the champion's beside it and a table by segment.
 * Every text from a model or spec is HTML-escaped.
 */
public final class ModelReport {

    /** The page's file name in the report's directory. */
    public static final String PAGE = "index.html";

    static {
        // Charts are drawn without a display, on servers and in CI alike.
        System.setProperty("java.awt.headless", "true");
    }

    private ModelReport() {}

    /**
     * Writes the report of {@code models} (the one reported on first, then what it is compared
     * with) into {@code dir}, created if needed.
     *
     * @param segments the reported model's rows by segment value; empty for none
     * @return the page
     * @throws IOException if the directory or a file cannot be written
     */
    public static Path write(
            Path dir, String title, List<ModelEvaluation> models, List<SegmentRow> segments)
            throws IOException {
        Files.createDirectories(dir);
        ReportCharts.roc(models, dir.resolve("roc.png"));
        ReportCharts.precisionRecall(models, dir.resolve("precision-recall.png"));
        ReportCharts.calibration(models, dir.resolve("calibration.png"));
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;")
                .append("padding:.3em .6em;text-align:right}th{background:#eee}")
                .append("img{margin:.5em}</style></head><body>\n<h1>")
                .append(escape(title))
                .append("</h1>\n<h2>Held-out quality</h2>\n")
                .append(summary(models))
                .append(image("roc.png", "ROC curves"))
                .append(image("precision-recall.png", "precision-recall curves"))
                .append(image("calibration.png", "calibration"));
        for (int i = 0; i < models.size(); i++) {
            ModelEvaluation m = models.get(i);
            html.append("<h2>").append(escape(m.label())).append("</h2>\n");
            ReportCharts.scores(m, dir.resolve("scores-" + i + ".png"));
            html.append(image("scores-" + i + ".png", "scores of " + m.label() + " by label"));
            if (!m.importance().isEmpty()) {
                ReportCharts.importance(m, dir.resolve("importance-" + i + ".png"));
                html.append(image("importance-" + i + ".png", "feature importance"));
            }
        }
        if (!segments.isEmpty()) {
            html.append("<h2>By segment</h2>\n").append(segmentTable(segments));
        }
        html.append("</body></html>\n");
        return Files.writeString(dir.resolve(PAGE), html);
    }

    private static String summary(List<ModelEvaluation> models) {
        StringBuilder t =
                new StringBuilder(
                        "<table><tr><th>model</th><th>held-out rows</th><th>positives</th>"
                                + "<th>AUC</th><th>threshold</th><th>precision</th>"
                                + "<th>recall</th></tr>\n");
        for (ModelEvaluation m : models) {
            long tp = 0;
            long flagged = 0;
            for (int i = 0; i < m.scores().length; i++) {
                boolean flag = m.scores()[i] >= m.threshold();
                flagged += flag ? 1 : 0;
                tp += flag && m.positives()[i] ? 1 : 0;
            }
            long positives = m.positiveCount();
            t.append("<tr><th>")
                    .append(escape(m.label()))
                    .append("</th>")
                    .append(cell(m.scores().length))
                    .append(cell(positives))
                    .append(cell(Curves.area(Curves.roc(m))))
                    .append(cell(m.threshold()))
                    .append(cell(flagged == 0 ? null : tp / (double) flagged))
                    .append(cell(positives == 0 ? null : tp / (double) positives))
                    .append("</tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    private static String segmentTable(List<SegmentRow> rows) {
        StringBuilder t =
                new StringBuilder(
                        "<table><tr><th>segment</th><th>value</th><th>rows</th><th>flag rate</th>"
                                + "<th>true positive rate</th><th>false positive rate</th>"
                                + "<th>flag rate ratio</th><th>equalized-odds gap</th></tr>\n");
        for (SegmentRow r : rows) {
            t.append("<tr><th>")
                    .append(escape(r.getSegment()))
                    .append("</th><th>")
                    .append(escape(r.getValue()))
                    .append("</th>")
                    .append(cell(r.getPredictions()))
                    .append(cell(r.getFlagRate()))
                    .append(cell(r.getTruePositiveRate()))
                    .append(cell(r.getFalsePositiveRate()))
                    .append(cell(r.getFlagRateRatio()))
                    .append(cell(r.getEqualizedOddsGap()))
                    .append("</tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    private static String cell(long value) {
        return "<td>" + String.format(Locale.ROOT, "%,d", value) + "</td>";
    }

    private static String cell(Double value) {
        return "<td>"
                + (value == null || value.isNaN() ? "-" : String.format(Locale.ROOT, "%.3f", value))
                + "</td>";
    }

    private static String image(String file, String alt) {
        return "<img src=\""
                + file
                + "\" alt=\""
                + escape(alt)
                + "\" width=\""
                + ReportCharts.WIDTH
                + "\" height=\""
                + ReportCharts.HEIGHT
                + "\">\n";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
