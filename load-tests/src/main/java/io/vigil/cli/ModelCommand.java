package io.vigil.cli;

import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.scoring.ManifestInference;
import io.vigil.modelops.scoring.ModelLoadException;
import io.vigil.modelops.scoring.OnnxModel;
import io.vigil.modelops.scoring.OnnxScorer;
import io.vigil.modelops.scoring.TextRows;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code ./vigil model ...}: work with models. */
final class ModelCommand implements Command {

    @Override
    public String summary() {
        return "model registry and checks: register, list, describe, promote, rollback, shadow, canary, retire, score";
    }

    @Override
    public String usage() {
        return """
                Usage: ./vigil model SUBCOMMAND [options]
                  register --model M.onnx --manifest M.yaml   store and register a version (checked against its manifest)
                  list                                        every model and version with status, roles, digest, AUC
                  describe MODEL[:VERSION]                    roles and history of a model, or everything about a version
                  promote MODEL VERSION                       make VERSION the champion (it decides)
                  rollback MODEL [ALIAS]                      return the alias (champion by default) to its previous version
                  shadow MODEL VERSION                        VERSION scores alongside, recorded in predictions, never decides
                  canary MODEL VERSION PERCENT                VERSION decides for a sticky PERCENT of entities (0 stops it)
                  alias MODEL VERSION ALIAS                   point any alias (e.g. challenger) at VERSION
                  retire MODEL VERSION [--reason TEXT]        retire a version no alias uses
                Changes apply in event time from --activate-at (now, now+30s or an ISO instant; default now+10s),
                so every scoring subtask switches at the same transaction.
                Registry options: --bootstrap H:P (default: the running demo's, else 127.0.0.1:9092),
                  --kafka-properties F (Kafka client settings of a secured cluster, as the jobs' vigil.kafka.properties-file),
                  --topic T (default model-events), --store URI (default file://.vigil/registry), --actor NAME

                ./vigil model score --model M.onnx [--manifest M.yaml] [--positive-class C] --input rows.csv [--output scores.csv]
                  Scores CSV rows offline, so an export can be checked before it is registered. The header names
                  the features (the manifest's feature names), or, without a manifest, the model's columns in
                  input order (single-input models) or its input names (multi-input models). Without a manifest
                  the positive class is 1 unless --positive-class names another. Writes row,score lines
                  (rows numbered from 1) to --output, or to the terminal.
                """;
    }

    @Override
    public int run(CliArguments args) throws Exception {
        List<String> words = args.positional();
        if (words.isEmpty()) {
            throw new UsageException("name a model subcommand");
        }
        if (!words.get(0).equals("score")) {
            return ModelRegistryCommands.run(words.get(0), words, args);
        }
        Path model = Path.of(required(args, "model"));
        String manifestPath = args.string("manifest", null);
        String positiveClass = args.string("positive-class", null);
        Path input = Path.of(required(args, "input"));
        String output = args.string("output", null);
        args.rejectUnknown();
        if (manifestPath != null && positiveClass != null) {
            throw new UsageException("--positive-class is for models without a manifest; the manifest names the positive class");
        }
        CsvTable table = CsvTable.read(input);
        double[] scores;
        try {
            scores = score(Files.readAllBytes(model), manifestPath == null ? null : Path.of(manifestPath), positiveClass, table);
        } catch (ModelLoadException | NumberFormatException e) {
            System.err.println("vigil model score: " + e.getMessage());
            return 1;
        }
        try (PrintStream out = output == null ? new PrintStream(System.out, true, StandardCharsets.UTF_8)
                : new PrintStream(Files.newOutputStream(Path.of(output)), false, StandardCharsets.UTF_8)) {
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

    static double[] score(byte[] onnx, Path manifestFile, String positiveClass, CsvTable table) throws Exception {
        try (OnnxModel model = OnnxModel.load(onnx, "the model")) {
            ModelManifest manifest = manifestFile == null
                    ? ManifestInference.infer(model, table.header(), positiveClass == null ? "1" : positiveClass)
                    : ModelManifest.fromYaml(Files.readAllBytes(manifestFile));
            List<String> missing = new ArrayList<>(manifest.featureNames());
            missing.removeAll(table.header());
            if (!missing.isEmpty()) {
                throw new ModelLoadException("the input file lacks columns " + missing + "; its header is " + table.header());
            }
            OnnxScorer scorer = OnnxScorer.create(model, () -> {}, manifest, table.header(), true, 256);
            TextRows rows = new TextRows(table.rows(), 1);
            if (rows.count() > 0) {
                scorer.warmUp(new TextRows(table.rows().subList(0, 1), 1));
            }
            double[] scores = new double[rows.count()];
            scorer.score(rows, scores);
            return scores;
        }
    }

    private static String required(CliArguments args, String name) {
        String value = args.string(name, null);
        if (value == null) {
            throw new UsageException("--" + name + " is required");
        }
        return value;
    }
}
