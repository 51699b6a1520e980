package io.vigil.cli.model;

import io.vigil.cli.support.CommandFailure;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.onnx.ManifestInference;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.onnx.OnnxModel;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.TextRows;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./vigil model score}: scores CSV rows offline, so an export can be checked before it is
 * registered.
 */
@Command(
        name = "score",
        description = {
            "Score CSV rows offline, to check an export before it is registered.",
            "The header names the features (the manifest's feature names), or, without a manifest,"
                    + " the model's columns in input order (single-input models) or its input names"
                    + " (multi-input models). Writes row,score lines (rows numbered from 1) to"
                    + " --output, or to the terminal."
        })
final class ModelScoreCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M.onnx")
    Path model;

    @Option(
            names = "--manifest",
            paramLabel = "M.yaml",
            description = "The model's manifest, if it has one.")
    Path manifest;

    @Option(
            names = "--positive-class",
            paramLabel = "C",
            description =
                    "Without a manifest: the class whose probability is the score (default 1).")
    String positiveClass;

    @Option(names = "--input", required = true, paramLabel = "rows.csv")
    Path input;

    @Option(names = "--output", paramLabel = "scores.csv", description = "Default: the terminal.")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (manifest != null && positiveClass != null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--positive-class is for models without a manifest; the manifest names the"
                            + " positive class");
        }
        CsvTable table = CsvTable.read(input);
        double[] scores;
        try {
            scores = score(Files.readAllBytes(model), manifest, positiveClass, table);
        } catch (ModelLoadException | NumberFormatException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        try (PrintStream out =
                output == null
                        ? new PrintStream(System.out, true, StandardCharsets.UTF_8)
                        : new PrintStream(
                                Files.newOutputStream(output), false, StandardCharsets.UTF_8)) {
            out.println("row,score");
            for (int i = 0; i < scores.length; i++) {
                out.println((i + 1) + "," + scores[i]);
            }
        }
        if (output != null) {
            System.err.printf("scored %,d rows into %s%n", scores.length, output);
        }
        return 0;
    }

    static double[] score(byte[] onnx, Path manifestFile, String positiveClass, CsvTable table)
            throws Exception {
        try (OnnxModel model = OnnxModel.load(onnx, "the model")) {
            ModelManifest manifest =
                    manifestFile == null
                            ? ManifestInference.infer(
                                    model,
                                    table.header(),
                                    positiveClass == null ? "1" : positiveClass)
                            : ModelManifest.fromYaml(Files.readAllBytes(manifestFile));
            List<String> missing = new ArrayList<>(manifest.featureNames());
            missing.removeAll(table.header());
            if (!missing.isEmpty()) {
                throw new ModelLoadException(
                        "the input file lacks columns "
                                + missing
                                + "; its header is "
                                + table.header());
            }
            OnnxScorer scorer =
                    OnnxScorer.create(model, () -> {}, manifest, table.header(), List.of(), 256);
            TextRows rows = new TextRows(table.rows(), 1);
            if (rows.count() > 0) {
                scorer.warmUp(new TextRows(table.rows().subList(0, 1), 1));
            }
            double[] scores = new double[rows.count()];
            scorer.score(rows, scores);
            return scores;
        }
    }
}
