package io.vigil.cli.model;

import io.vigil.cli.support.CommandFailure;
import io.vigil.cli.support.SpecFiles;
import io.vigil.modelops.explain.Explainer;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.RegistryState;
import io.vigil.schemas.ModelEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./vigil model ...}: the registry (register, list, describe, promote, rollback, shadow,
 * canary, alias, retire) and the offline check of an export ({@code score}). Each registry command
 * prints what it did in one line.
 */
@Command(
        name = "model",
        description =
                "Model registry and checks: register, list, describe, promote, rollback, shadow,"
                        + " canary, alias, retire, score, profile.",
        footer = {
            "",
            "Alias and canary changes apply in event time from --activate-at (now, now+30s or an"
                    + " ISO",
            "instant; default now+10s), so every scoring subtask switches at the same transaction."
        },
        subcommands = {ModelScoreCommand.class, ModelProfileCommand.class})
public final class ModelCommand {

    @Command(
            name = "register",
            description = "Store and register a version, checked against its manifest.")
    int register(
            @Mixin RegistryOptions registry,
            @Option(names = "--model", required = true, paramLabel = "M.onnx") Path model,
            @Option(names = "--manifest", required = true, paramLabel = "M.yaml") Path manifestFile,
            @Option(
                            names = "--spec",
                            paramLabel = "SPEC.yaml",
                            description =
                                    "Also check that the job computing this feature spec serves"
                                            + " every feature the manifest names.")
                    Path spec)
            throws IOException {
        ModelManifest manifest = ModelManifest.fromYaml(Files.readAllBytes(manifestFile));
        if (spec != null) {
            checkAgainstSpec(manifest, SpecFiles.load(spec.toString()).spec().featureNames(), spec);
        }
        byte[] onnx = Files.readAllBytes(model);
        checkExplainer(manifest, onnx);
        return publish(
                registry.creatingTopic(),
                r -> {
                    try {
                        return r.register(onnx, manifest, registry.actor());
                    } catch (IOException e) {
                        throw new CommandFailure("cannot store the model: " + e.getMessage(), e);
                    }
                });
    }

    /**
     * A declared explainer that cannot explain the model would make every scoring subtask reject
     * the version ({@code EXPLAINER_FAILED}): run the same check first. A model the check cannot
     * load over numeric features alone (string inputs) is left to the job's check.
     */
    static void checkExplainer(ModelManifest manifest, byte[] onnx) {
        if (manifest.reasons() == null || !manifest.reasons().explains()) {
            return;
        }
        List<String> features = manifest.featureNames();
        OnnxScorer scorer;
        try {
            scorer = OnnxScorer.load(onnx, manifest, features, 64);
        } catch (ModelLoadException e) {
            return;
        }
        try (scorer) {
            Explainer.of(manifest, features, onnx).verify(scorer, features.size(), 0);
        } catch (ModelLoadException | RuntimeException e) {
            throw new CommandFailure(
                    manifest.id()
                            + " not registered: its reasons block cannot explain it: "
                            + e.getMessage());
        }
    }

    /** A feature the job does not compute would make every scoring subtask reject the version. */
    static void checkAgainstSpec(ModelManifest manifest, List<String> computed, Path spec) {
        List<String> missing = new ArrayList<>(manifest.featureNames());
        missing.removeAll(computed);
        if (!missing.isEmpty()) {
            throw new CommandFailure(
                    manifest.name()
                            + ":"
                            + manifest.version()
                            + " not registered: its manifest"
                            + " reads features "
                            + missing
                            + " that "
                            + spec
                            + " does not compute (it computes "
                            + computed
                            + ")");
        }
    }

    @Command(
            name = "list",
            description = "Every model and version with status, roles, digest and AUC.")
    int list(@Mixin RegistryOptions registry) {
        try (ModelRegistry r = registry.existing()) {
            RegistryPrinter.list(r.read(), System.out);
        }
        return 0;
    }

    @Command(
            name = "describe",
            description = "Roles and history of a model, or everything about one version.")
    int describe(
            @Mixin RegistryOptions registry,
            @Parameters(paramLabel = "MODEL[:VERSION]") String target) {
        try (ModelRegistry r = registry.existing()) {
            RegistryState state = r.read();
            RegistryPrinter.describe(state, target, System.out);
            RegistryPrinter.report(state, r.store(), target, System.out);
        }
        return 0;
    }

    @Command(name = "promote", description = "Make VERSION the champion: it decides.")
    int promote(
            @Mixin RegistryOptions registry,
            @Mixin Activation activation,
            @Parameters(index = "0", paramLabel = "MODEL") String model,
            @Parameters(index = "1", paramLabel = "VERSION") String version) {
        return moveAlias(registry, activation, model, version, "champion");
    }

    @Command(
            name = "shadow",
            description = "VERSION scores alongside, recorded in predictions, never decides.")
    int shadow(
            @Mixin RegistryOptions registry,
            @Mixin Activation activation,
            @Parameters(index = "0", paramLabel = "MODEL") String model,
            @Parameters(index = "1", paramLabel = "VERSION") String version) {
        return moveAlias(registry, activation, model, version, "shadow");
    }

    @Command(name = "alias", description = "Point any alias (e.g. challenger) at VERSION.")
    int alias(
            @Mixin RegistryOptions registry,
            @Mixin Activation activation,
            @Parameters(index = "0", paramLabel = "MODEL") String model,
            @Parameters(index = "1", paramLabel = "VERSION") String version,
            @Parameters(index = "2", paramLabel = "ALIAS") String alias) {
        return moveAlias(registry, activation, model, version, alias);
    }

    @Command(
            name = "rollback",
            description = "Return the alias (champion by default) to its previous version.")
    int rollback(
            @Mixin RegistryOptions registry,
            @Mixin Activation activation,
            @Parameters(index = "0", paramLabel = "MODEL") String model,
            @Parameters(index = "1", paramLabel = "ALIAS", defaultValue = "champion")
                    String alias) {
        return publish(
                registry.existing(),
                r -> r.rollback(model, alias, activation.at, registry.actor()));
    }

    @Command(
            name = "canary",
            description = "VERSION decides for a sticky PERCENT of entities (0 stops it).")
    int canary(
            @Mixin RegistryOptions registry,
            @Mixin Activation activation,
            @Parameters(index = "0", paramLabel = "MODEL") String model,
            @Parameters(index = "1", paramLabel = "VERSION") String version,
            @Parameters(index = "2", paramLabel = "PERCENT") int percent) {
        return publish(
                registry.existing(),
                r -> r.setCanary(model, version, percent, activation.at, registry.actor()));
    }

    @Command(name = "retire", description = "Retire a version that no alias uses.")
    int retire(
            @Mixin RegistryOptions registry,
            @Parameters(index = "0", paramLabel = "MODEL") String model,
            @Parameters(index = "1", paramLabel = "VERSION") String version,
            @Option(
                            names = "--reason",
                            paramLabel = "TEXT",
                            description = "Why (default: retired by the actor).")
                    String reason) {
        String why = reason != null ? reason : "retired by " + registry.actor();
        return publish(registry.existing(), r -> r.retire(model, version, why, registry.actor()));
    }

    private static int moveAlias(
            RegistryOptions registry,
            Activation activation,
            String model,
            String version,
            String alias) {
        return publish(
                registry.existing(),
                r -> r.moveAlias(model, version, alias, activation.at, registry.actor()));
    }

    /** Runs one change against the registry, prints what it did, and closes the registry. */
    private static int publish(ModelRegistry registry, Function<ModelRegistry, ModelEvent> change) {
        try (registry) {
            System.out.println(RegistryPrinter.summary(change.apply(registry)));
        }
        return 0;
    }

    /** {@code --activate-at}: when an alias or canary change applies (a picocli mixin). */
    static final class Activation {

        @Option(
                names = "--activate-at",
                paramLabel = "WHEN",
                defaultValue = ActivationTime.DEFAULT,
                converter = ActivationTime.class,
                description = "now, now+DURATION or an ISO instant (default: ${DEFAULT-VALUE}).")
        Instant at;
    }
}
