package io.vigil.cli.model;

import io.vigil.cli.support.CommandFailure;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ReferenceProfile;
import io.vigil.modelops.onnx.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./vigil model profile}: the reference profile of a model trained elsewhere, from rows of
 * its training data, so drift monitoring works for it as for Vigil's own models.
 */
@Command(
        name = "profile",
        description = {
            "Write the reference profile of a model trained elsewhere into its manifest.",
            "Scores the rows (a CSV with a header naming the manifest's features, e.g. the training"
                    + " data) and stores the distribution of every feature and of the score in the"
                    + " manifest's profile, which drift monitoring compares live traffic with."
                    + " Register the profiled manifest."
        })
final class ModelProfileCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "M.onnx")
    Path model;

    @Option(names = "--manifest", required = true, paramLabel = "M.yaml")
    Path manifest;

    @Option(names = "--input", required = true, paramLabel = "rows.csv")
    Path input;

    @Option(
            names = "--output",
            paramLabel = "M.yaml",
            description = "Where the profiled manifest goes (default: the manifest, rewritten).")
    Path output;

    @Override
    public Integer call() throws Exception {
        ModelManifest read = ModelManifest.fromYaml(Files.readAllBytes(manifest));
        CsvTable table = CsvTable.read(input);
        if (table.rows().isEmpty()) {
            throw new CommandFailure(input + " has no rows to profile");
        }
        double[] scores;
        try {
            scores = ModelScoreCommand.score(Files.readAllBytes(model), manifest, null, table);
        } catch (ModelLoadException | NumberFormatException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        List<String> features = read.featureNames();
        ReferenceProfile profile = ReferenceProfile.of(features, vectors(table, features), scores);
        Path target = output != null ? output : manifest;
        Files.write(target, read.withProfile(profile).toYaml());
        System.out.printf(
                "profile of %,d rows (%d features and the score) written to %s%n",
                scores.length, features.size(), target);
        return 0;
    }

    /** The rows' values of {@code features}, in that order. */
    private static List<double[]> vectors(CsvTable table, List<String> features) {
        int[] columns = features.stream().mapToInt(table.header()::indexOf).toArray();
        List<double[]> vectors = new ArrayList<>(table.rows().size());
        for (int r = 0; r < table.rows().size(); r++) {
            String[] row = table.rows().get(r);
            double[] vector = new double[columns.length];
            for (int f = 0; f < columns.length; f++) {
                try {
                    vector[f] = Double.parseDouble(row[columns[f]]);
                } catch (NumberFormatException e) {
                    throw new CommandFailure(
                            "row "
                                    + (r + 1)
                                    + ", feature "
                                    + features.get(f)
                                    + ": a profile is of numeric features, and this value is not a"
                                    + " number");
                }
            }
            vectors.add(vector);
        }
        return vectors;
    }
}
