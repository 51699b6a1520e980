package io.vigil.loadtest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vigil.cli.ContributedCommand;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.StateBackend;
import io.vigil.loadtest.demo.FraudModelTraining;
import io.vigil.loadtest.demo.ModelFiles;
import io.vigil.loadtest.generator.GeneratorSettings;
import io.vigil.loadtest.generator.TrainingData;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.loadtest.harness.BenchModel;
import io.vigil.loadtest.harness.BenchResult;
import io.vigil.loadtest.harness.BenchSettings;
import io.vigil.loadtest.harness.LoadHarness;
import io.vigil.loadtest.harness.SwapSoak;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.retrainer.training.LogisticRegressionTrainer;
import io.vigil.retrainer.training.XGBoostTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./vigil bench}: ScoringJob with a logistic regression and with 100 gradient-boosted trees,
 * against a passthrough job, side by side on one broker.
 */
@Command(
        name = "bench",
        description = {
            "Measure ScoringJob against a passthrough job, side by side.",
            "ScoringJob runs a logistic regression and 100 gradient-boosted trees, on one broker:"
                    + " throughput, latency, CPU per record. Prints a table and writes"
                    + " .vigil/bench/bench-<time>.json."
        })
public final class BenchCommand implements ContributedCommand {

    @Option(names = "--quick", description = "A shortened run (a few minutes) with the same table.")
    boolean quick;

    @Option(
            names = "--transactions",
            paramLabel = "N",
            description = "Records preloaded for the drain runs.")
    Integer transactions;

    @Option(names = "--cards", paramLabel = "N", description = "Distinct cards among them.")
    Integer cards;

    @Option(
            names = "--rate",
            paramLabel = "N",
            description =
                    "Transactions per second offered in the latency runs (default: half of each"
                            + " job's maximum sustainable rate); with --swaps, the soak's rate"
                            + " (default: 2000).")
    Integer rate;

    @Option(
            names = "--models",
            paramLabel = "M",
            split = ",",
            description =
                    "The ScoringJob models beside the baselines: lr, gbdt (default: both; lr with"
                            + " --quick).")
    List<String> modelNames;

    @Option(
            names = "--baselines",
            paramLabel = "B",
            split = ",",
            description =
                    "The jobs ScoringJob is measured against: passthrough, skeleton (ScoringJob's"
                            + " hops and state sizes, no features or model), sql-peer (the bundled"
                            + " spec's features in Flink SQL, for the bundled spec only)"
                            + " (default: all three, or the first two with --spec).")
    List<String> baselines;

    @Option(
            names = "--compare-state-layouts",
            description =
                    "Also measure ScoringJob (the first model) with its entity state written whole"
                            + " on every event and no state cache"
                            + " (vigil.features.state.fold-every=1, cache-entries=0): the layout"
                            + " before deltas, side by side.")
    boolean compareStateLayouts;

    @Option(
            names = "--state",
            paramLabel = "S",
            description = "${COMPLETION-CANDIDATES} (default: ROCKSDB).")
    StateBackend state;

    @Option(
            names = "--delivery",
            paramLabel = "D",
            description =
                    "EXACTLY_ONCE, AT_LEAST_ONCE or BOTH (default: BOTH; EXACTLY_ONCE with"
                            + " --quick).")
    String delivery;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Flink parallelism (default: 2).")
    Integer parallelism;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "D",
            description = "e.g. 2s (default), 60s.")
    Duration checkpointInterval;

    @Option(
            names = "--flink",
            paramLabel = "K=V;K=V",
            description =
                    "Further Flink options for every job, e.g."
                            + " state.backend.rocksdb.predefined-options=FLASH_SSD_OPTIMIZED")
    String flink = "";

    @Option(
            names = "--spec",
            paramLabel = "URI",
            description =
                    "The feature spec ScoringJob computes (default: bundled:card-fraud); the models"
                            + " are trained over it.")
    String spec;

    @Option(
            names = "--swaps",
            paramLabel = "N",
            description =
                    "Instead: the model-swap soak, N champion swaps under live load (e.g. 100).")
    int swaps;

    @Spec CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if (swaps > 0) {
            return soak(swaps, rate == null ? 2000 : rate);
        }
        BenchSettings base = quick ? BenchSettings.quick() : BenchSettings.full();
        List<Delivery> deliveries;
        try {
            deliveries =
                    delivery == null
                            ? base.deliveries()
                            : delivery.equalsIgnoreCase("BOTH")
                                    ? List.of(Delivery.EXACTLY_ONCE, Delivery.AT_LEAST_ONCE)
                                    : List.of(Delivery.valueOf(delivery.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    command.commandLine(),
                    "--delivery is EXACTLY_ONCE, AT_LEAST_ONCE or BOTH, not " + delivery);
        }
        BenchSettings settings =
                new BenchSettings(
                        or(transactions, base.transactions()),
                        or(cards, base.cards()),
                        base.partitions(),
                        or(parallelism, base.parallelism()),
                        state == null ? base.stateBackend() : state,
                        checkpointInterval == null ? base.checkpointInterval() : checkpointInterval,
                        deliveries,
                        or(rate, base.latencyRate()),
                        base.latencyFraction(),
                        base.probeWarmup(),
                        base.probeWindow(),
                        base.latencyDuration(),
                        base.seed(),
                        spec == null ? base.featureSpec() : spec,
                        flinkOptions(flink),
                        baselines(spec == null ? FeatureSpecs.BUNDLED : spec),
                        compareStateLayouts);
        if (modelNames == null) {
            modelNames = quick ? List.of("lr") : List.of("lr", "gbdt");
        }
        if (!List.of("lr", "gbdt").containsAll(modelNames)) {
            throw new ParameterException(
                    command.commandLine(),
                    "--models takes lr, gbdt or both (lr,gbdt), not " + modelNames);
        }

        Path work = Files.createDirectories(Path.of(".vigil", "bench"));
        System.out.printf(
                "Vigil bench: %s, %d cores, %s%n",
                settings, Runtime.getRuntime().availableProcessors(), Instant.now());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            List<BenchModel> models =
                    trainModels(
                                    settings.seed(),
                                    work.resolve("models"),
                                    FeatureSpecs.load(settings.featureSpec()))
                            .stream()
                            .filter(m -> modelNames.contains(m.name()))
                            .toList();
            List<BenchResult> results =
                    new LoadHarness(broker, settings, models, work, System.out).run();
            BenchTable.print(results, System.out);
            Path json =
                    work.resolve("bench-" + Instant.now().toString().replace(':', '-') + ".json");
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("time", Instant.now().toString());
            report.put("cores", Runtime.getRuntime().availableProcessors());
            report.put("settings", settings);
            report.put("results", results);
            new ObjectMapper()
                    .registerModule(new JavaTimeModule())
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(json.toFile(), report);
            System.out.println("Results written to " + json);
        }
        return 0;
    }

    /** The baselines asked for, checked; by default every one that applies to {@code spec}. */
    private List<String> baselines(String spec) {
        boolean bundled = FeatureSpecs.BUNDLED.equals(spec);
        if (baselines == null) {
            return bundled
                    ? BenchSettings.BASELINES
                    : List.of(BenchSettings.PASSTHROUGH, BenchSettings.SKELETON);
        }
        if (!BenchSettings.BASELINES.containsAll(baselines)) {
            throw new ParameterException(
                    command.commandLine(),
                    "--baselines takes passthrough, skeleton and sql-peer, not " + baselines);
        }
        if (!bundled && baselines.contains(BenchSettings.SQL_PEER)) {
            throw new ParameterException(
                    command.commandLine(),
                    "the sql-peer baseline computes the bundled spec's features: leave it out of"
                            + " --baselines with --spec");
        }
        return baselines;
    }

    private static int or(Integer given, int fallback) {
        return given == null ? fallback : given;
    }

    /** {@code key=value} pairs separated by {@code ;}. */
    private static Map<String, String> flinkOptions(String pairs) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String pair : pairs.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "--flink takes key=value pairs separated by ';', not '" + pair + "'");
            }
            options.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return options;
    }

    /** Registers six versions (distinct digests) and swaps the champion among them under load. */
    private static int soak(int swaps, int rate) throws Exception {
        Path work = Files.createDirectories(Path.of(".vigil", "soak"));
        System.out.printf(
                "Vigil swap soak: %d swaps at %,d/s, %d cores, %s%n",
                swaps, rate, Runtime.getRuntime().availableProcessors(), Instant.now());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                ModelRegistry registry =
                        new ModelRegistry(
                                broker.bootstrapServers(),
                                "model-events",
                                new ArtifactStore(
                                        work.resolve("registry-" + System.currentTimeMillis())
                                                .toAbsolutePath()
                                                .toUri()
                                                .toString()))) {
            registry.ensureTopic();
            List<String> versions = new ArrayList<>();
            for (int v = 1; v <= 6; v++) {
                TransactionGenerator history =
                        new TransactionGenerator(
                                new GeneratorSettings(
                                        v,
                                        1000,
                                        1000 / 86_400.0,
                                        0.02,
                                        Instant.now()
                                                .minus(FeatureSpecs.bundled().maturity())
                                                .minus(Duration.ofDays(20))));
                var model =
                        FraudModelTraining.train(
                                        history,
                                        20_000,
                                        "fraud-lr",
                                        String.valueOf(v),
                                        v,
                                        System.out,
                                        g -> {},
                                        FeatureSpecs.bundled())
                                .model();
                registry.register(model.onnx(), model.manifest(), "soak");
                versions.add(String.valueOf(v));
            }
            new SwapSoak(broker, registry, versions, work, System.out)
                    .run(swaps, rate, Duration.ofSeconds(40));
        }
        return 0;
    }

    /**
     * A logistic regression and 100 gradient-boosted trees over {@code spec}, on the same generated
     * history.
     */
    private static List<BenchModel> trainModels(long seed, Path dir, FeatureSpec spec)
            throws IOException {
        TransactionGenerator history =
                new TransactionGenerator(
                        new GeneratorSettings(
                                seed,
                                3000,
                                3000 / 86_400.0,
                                0.02,
                                Instant.now().minus(spec.maturity()).minus(Duration.ofDays(20))));
        TrainingData data =
                TrainingData.generate(
                        history, 60_000, 0.2, "vigil-bench-training-secret", g -> {}, spec);
        TrainedModel lr =
                new LogisticRegressionTrainer(10, seed)
                        .train(
                                data.training(),
                                data.holdout(),
                                spec.featureNames(),
                                "fraud-lr",
                                "bench");
        TrainedModel gbdt =
                new XGBoostTrainer(100, 4, 0.2, seed)
                        .train(
                                data.training(),
                                data.holdout(),
                                spec.featureNames(),
                                "fraud-gbdt",
                                "bench");
        System.out.printf(
                Locale.ROOT,
                "  models: logistic regression (holdout AUC %.3f), 100 gradient-boosted trees of"
                        + " depth 4 (holdout AUC %.3f)%n",
                lr.holdoutAuc(),
                gbdt.holdoutAuc());
        ModelFiles lrFiles = ModelFiles.write(lr, dir);
        ModelFiles gbdtFiles = ModelFiles.write(gbdt, dir);
        return List.of(
                new BenchModel("lr", lrFiles.model(), lrFiles.manifest()),
                new BenchModel("gbdt", gbdtFiles.model(), gbdtFiles.manifest()));
    }
}
