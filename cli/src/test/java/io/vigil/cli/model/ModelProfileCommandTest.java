package io.vigil.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.testutils.CliRun;
import io.vigil.cli.testutils.TestModelFiles;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ReferenceProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model profile}: a model trained elsewhere gets the reference profile drift needs. */
class ModelProfileCommandTest {

    @TempDir Path dir;

    private Path rows(List<String> header, int count) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", header));
        SplittableRandom random = new SplittableRandom(3);
        for (int r = 0; r < count; r++) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < header.size(); c++) {
                cells.add(
                        String.valueOf(c == 0 ? random.nextDouble() * 500 : random.nextInt(0, 10)));
            }
            lines.add(String.join(",", cells));
        }
        return Files.write(dir.resolve("rows.csv"), lines);
    }

    @Test
    void writesTheProfileOfEveryFeatureAndTheScoreFromTheRows() throws Exception {
        Path[] model = TestModelFiles.write(dir, "1", 1);
        ModelManifest before = ModelManifest.fromYaml(Files.readAllBytes(model[1]));
        Path input = rows(before.featureNames(), 400);
        Path out = dir.resolve("profiled.yaml");

        CliRun run =
                CliRun.of(
                        "model",
                        "profile",
                        "--model",
                        model[0].toString(),
                        "--manifest",
                        model[1].toString(),
                        "--input",
                        input.toString(),
                        "--output",
                        out.toString());

        assertThat(run.status()).as(run.printed()).isZero();
        assertThat(run.out()).contains("profile of 400 rows");
        ReferenceProfile profile = ModelManifest.fromYaml(Files.readAllBytes(out)).profile();
        assertThat(profile.rows()).isEqualTo(400);
        assertThat(profile.features().keySet())
                .containsExactlyInAnyOrderElementsOf(before.featureNames());
        assertThat(profile.score().counts()).isNotEmpty();
        assertThat(profile.features().get(before.featureNames().get(0)).max())
                .isLessThanOrEqualTo(500);
    }

    @Test
    void rowsWithoutAFeatureOfTheManifestAreRefusedInOneLine() throws Exception {
        Path[] model = TestModelFiles.write(dir, "2", 2);
        Path input = rows(List.of("amount", "count_1h"), 10);

        CliRun run =
                CliRun.of(
                        "model",
                        "profile",
                        "--model",
                        model[0].toString(),
                        "--manifest",
                        model[1].toString(),
                        "--input",
                        input.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("the input file lacks columns");
        assertThat(Files.readString(model[1]))
                .as("the manifest is left as it was")
                .contains("profile");
    }
}
