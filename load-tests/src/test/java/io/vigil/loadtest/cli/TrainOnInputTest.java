package io.vigil.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.Vigil;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./vigil train --input} trains on the user's own rows, with a profile for drift. */
class TrainOnInputTest {

    @TempDir Path dir;

    /**
     * Clicks are likelier for a high position score and a low price; a third of rows unlabelled.
     */
    private Path rows(String badCell) throws Exception {
        SplittableRandom random = new SplittableRandom(9);
        StringBuilder csv = new StringBuilder("transactionId,eventTime,position,price,label\n");
        Instant t = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < 3000; i++) {
            double position = random.nextDouble();
            double price = random.nextDouble() * 100;
            double logit = 6 * position - 0.05 * price - 1;
            boolean click = random.nextDouble() < 1 / (1 + Math.exp(-logit));
            String label = i % 3 == 2 ? "" : click ? "1" : "0";
            csv.append("i")
                    .append(i)
                    .append(',')
                    .append(t.plusSeconds(i))
                    .append(',')
                    .append(i == 100 && badCell != null ? badCell : String.valueOf(position))
                    .append(',')
                    .append(price)
                    .append(',')
                    .append(label)
                    .append('\n');
        }
        return Files.writeString(dir.resolve("rows.csv"), csv);
    }

    @Test
    void trainsOnTheUsersRowsAndTheModelRanksThemAndCarriesAProfile() throws Exception {
        Path input = rows(null);
        Path models = dir.resolve("models");

        Run run = trainCtr(input.toString(), models);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Training on 2,000 labelled rows")
                .contains("1,000 without a label");
        ModelManifest manifest =
                ModelManifest.fromYaml(Files.readAllBytes(models.resolve("ctr-1.yaml")));
        assertThat(manifest.featureNames()).containsExactly("position", "price");
        assertThat(manifest.profile().features()).containsOnlyKeys("position", "price");
        assertThat(manifest.metrics().get("holdoutAuc")).isGreaterThan(0.8);
        double[] scores = new double[2];
        try (OnnxScorer scorer =
                OnnxScorer.load(
                        Files.readAllBytes(models.resolve("ctr-1.onnx")),
                        manifest,
                        List.of("position", "price"),
                        8)) {
            scorer.score(new VectorRows().reset(new double[][] {{0.9, 5}, {0.1, 90}}, 2), scores);
        }
        assertThat(scores[0]).as("a top position at a low price").isGreaterThan(scores[1] + 0.5);
        assertThat(manifest.tags()).containsEntry("report", "ctr-1-report/index.html");
        String page = Files.readString(models.resolve("ctr-1-report").resolve("index.html"));
        assertThat(page).contains("Model report: ctr:1").contains("src=\"importance-0.png\"");
        assertThat(models.resolve("ctr-1-report").resolve("roc.png")).isNotEmptyFile();
    }

    @Test
    void aReportThatCannotBeWrittenNeverFailsTraining() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.writeString(models.resolve("ctr-1-report"), "a file where the report would go");

        Run run = trainCtr(rows(null).toString(), models);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("report not written (the model is)");
        assertThat(models.resolve("ctr-1.onnx")).isNotEmptyFile();
        assertThat(ModelManifest.fromYaml(Files.readAllBytes(models.resolve("ctr-1.yaml"))).tags())
                .doesNotContainKey("report");
    }

    @Test
    void aCellThatIsNotANumberOrAMissingColumnIsNamed() throws Exception {
        Path input = rows("n/a");

        Run bad = run("train", "--input", input.toString(), "--features", "position,price");
        Run missing = run("train", "--input", input.toString(), "--features", "position,cost");

        assertThat(bad.status()).isNotZero();
        assertThat(bad.err())
                .contains("row 101, column position: 'n/a' is not a finite number")
                .doesNotContain("\tat ");
        assertThat(missing.err()).contains("has no column(s) [cost]");
    }

    private record Run(int status, String out, String err) {}

    /** {@code ./vigil train} of a model "ctr" over position and price into {@code models}. */
    private static Run trainCtr(String input, Path models) {
        return run(
                "train",
                "--input",
                input,
                "--features",
                "position,price",
                "--name",
                "ctr",
                "--output",
                models.toString());
    }

    private static Run run(String... args) {
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            int status = Vigil.run(args);
            return new Run(
                    status,
                    capturedOut.toString(StandardCharsets.UTF_8),
                    capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
    }
}
