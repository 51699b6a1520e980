package io.vigil.cli.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.cli.Vigil;
import io.vigil.cli.testutils.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelScoreCommandTest {

    private static final Path CONFORMANCE =
            Path.of("..", "model-ops", "src", "test", "resources", "conformance");

    @TempDir Path dir;

    private Path csv(String... lines) throws Exception {
        return Files.write(dir.resolve("rows-" + System.nanoTime() + ".csv"), List.of(lines));
    }

    private static List<String> scoreLines(Path output) throws Exception {
        return Files.readAllLines(output);
    }

    private static double score(List<String> lines, int row) {
        return Double.parseDouble(lines.get(row).split(",")[1]);
    }

    @Test
    void scoresAMultiInputModelWithoutAManifestByInputNames() throws Exception {
        Path rows = csv("pclass,sex,age,fare,embarked", "1,female,29,211.3,S", "3,male,22,7.25,Q");
        Path out = dir.resolve("scores.csv");

        int status =
                Vigil.run(
                        new String[] {
                            "model",
                            "score",
                            "--model",
                            CONFORMANCE.resolve("pipeline_titanic_nozipmap.onnx").toString(),
                            "--input",
                            rows.toString(),
                            "--output",
                            out.toString()
                        });
        int withManifest =
                Vigil.run(
                        new String[] {
                            "model",
                            "score",
                            "--model",
                            CONFORMANCE.resolve("pipeline_titanic_nozipmap.onnx").toString(),
                            "--manifest",
                            CONFORMANCE.resolve("pipeline_titanic_nozipmap.yaml").toString(),
                            "--input",
                            rows.toString(),
                            "--output",
                            dir.resolve("m.csv").toString()
                        });

        assertThat(status).isZero();
        assertThat(withManifest).isZero();
        List<String> lines = scoreLines(out);
        assertThat(lines).hasSize(3).first().isEqualTo("row,score");
        assertThat(lines.get(1)).startsWith("1,");
        assertThat(score(lines, 1))
                .as("first-class woman survives more likely than third-class man")
                .isGreaterThan(score(lines, 2));
        assertThat(scoreLines(dir.resolve("m.csv"))).isEqualTo(lines);
    }

    @Test
    void positiveClassOptionPicksTheOtherClass() throws Exception {
        Path rows = csv("a,b,c", "0.5,-1.2,3.0", "1,2,3");
        Path model = CONFORMANCE.resolve("SklearnLogitisticRegressionBinary.model.onnx");

        assertThat(
                        Vigil.run(
                                new String[] {
                                    "model",
                                    "score",
                                    "--model",
                                    model.toString(),
                                    "--input",
                                    rows.toString(),
                                    "--output",
                                    dir.resolve("one.csv").toString()
                                }))
                .isZero();
        assertThat(
                        Vigil.run(
                                new String[] {
                                    "model",
                                    "score",
                                    "--model",
                                    model.toString(),
                                    "--input",
                                    rows.toString(),
                                    "--positive-class",
                                    "0",
                                    "--output",
                                    dir.resolve("zero.csv").toString()
                                }))
                .isZero();

        List<String> one = scoreLines(dir.resolve("one.csv"));
        List<String> zero = scoreLines(dir.resolve("zero.csv"));
        for (int row = 1; row <= 2; row++) {
            assertThat(score(one, row) + score(zero, row)).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void aMissingClassIsAnErrorListingTheModelsClasses() throws Exception {
        Path rows = csv("x0,x1", "0.1,0.2");
        CliRun run =
                CliRun.of(
                        "model",
                        "score",
                        "--model",
                        CONFORMANCE
                                .resolve("SklearnBinRandomForestClassifier.model.onnx")
                                .toString(),
                        "--input",
                        rows.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("'1' is not among the model's classes [A, B]");
    }

    @Test
    void aNonNumericCellIsAnErrorNamingRowAndColumn() throws Exception {
        Path rows = csv("x0,x1", "0.1,0.2", "0.3,abc");
        CliRun run =
                CliRun.of(
                        "model",
                        "score",
                        "--model",
                        CONFORMANCE.resolve("pipeline_xgboost.onnx").toString(),
                        "--input",
                        rows.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("row 2, column 2: 'abc' is not a number");
    }

    @Test
    void quotedCsvFieldsAreRead() {
        assertThat(CsvTable.split("1,\"a, b\",\"say \"\"hi\"\"\""))
                .containsExactly("1", "a, b", "say \"hi\"");
    }
}
